export { engineVersion } from '../project.js';
