// ESLint flat config. Besides the usual TypeScript rules it enforces the direction of
// dependencies (see README "Repository layout"): each layer lists what it may not import.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules.filter((m) => !m.startsWith('_')), ...builtinModules.map((m) => `node:${m}`)];

/** Import sources matching `(^|/)<layer>(/|$)`, for relative imports that reach into another layer. */
const layer = (names) => `(^|/)(${names.join('|')})(/|$)`;

/** Every layer of the engine, and the desktop app; a layer's rule lists those it may not import. */
const LAYERS = [
  'rules',
  'io',
  'optimizer',
  'gis',
  'landuse',
  'decision',
  'parallel',
  'runs',
  'distributed',
  'report',
  'charts',
  'api',
  'cli',
  'desktop',
];
const layersExcept = (...allowed) => LAYERS.filter((name) => !allowed.includes(name));

const restrict = (patterns, paths = []) => ({
  'no-restricted-imports': 'off',
  '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns }],
});

const builtinsBanned = (why) => nodeBuiltins.map((name) => ({ name, message: why }));

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      '.tsbuild/',
      'bench/results/',
      'release/',
      'out/',
      'runs/',
      '**/*.d.ts',
      'test-results/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  // Layer 0: the shared rules (setting limits and their messages, the outside-the-area class).
  // Pure TypeScript with no imports at all: every layer and the renderer load it.
  {
    files: ['engine/src/rules/**/*.ts'],
    rules: restrict(
      [
        {
          regex: '^(?!\\./)',
          message: 'The shared rules are pure TypeScript without dependencies: only imports inside engine/src/rules.',
        },
      ],
      builtinsBanned('The shared rules run in the browser too: no Node built-ins.'),
    ),
  },
  // Layer 0: byte and file primitives below every layer (typed-array packing, atomic writes).
  {
    files: ['engine/src/io/**/*.ts'],
    rules: restrict([
      {
        regex: layer(layersExcept('io')),
        message: 'engine/src/io holds primitives below every layer: it may not import any engine layer.',
      },
    ]),
  },
  // Layer 0: the optimiser core. Pure TypeScript: nothing outside engine/src/optimizer except pure-rand.
  {
    files: ['engine/src/optimizer/**/*.ts'],
    rules: restrict(
      [
        {
          regex: '^(?!\\.{1,2}/|pure-rand(/|$))',
          message:
            'The optimiser core is pure TypeScript: only relative imports inside engine/src/optimizer and pure-rand.',
        },
        {
          regex: layer([...layersExcept('rules', 'optimizer', 'charts'), 'project.js']),
          message: 'The optimiser core may not import GIS, land-use or any layer above it.',
        },
      ],
      builtinsBanned('The optimiser core may not use Node built-ins: it must run in workers and browsers.'),
    ),
  },
  // Pure chart specifications shared by the report (server-side SVG) and the renderer (browser):
  // no Node built-ins, nothing from the engine's layers, only ECharts types.
  {
    files: ['engine/src/charts/**/*.ts'],
    rules: restrict(
      [
        {
          regex: '^(?!\\.{1,2}/|echarts$)',
          message: 'Chart specifications are pure: only relative imports and ECharts types.',
        },
        {
          regex: layer([...layersExcept('rules', 'optimizer', 'charts'), 'project.js']),
          message: 'Chart specifications may not import engine layers: the renderer loads them in the browser.',
        },
        {
          regex: layer(['optimizer']),
          allowTypeImports: true,
          message: 'Chart specifications may import only types from the optimiser core (ObjectiveDirection).',
        },
      ],
      builtinsBanned('Chart specifications run in the browser too: no Node built-ins.'),
    ),
  },
  // Layer 0: GIS I/O. Independent of the optimiser and of everything above it.
  {
    files: ['engine/src/gis/**/*.ts'],
    rules: restrict([
      {
        regex: layer(layersExcept('rules', 'io', 'gis', 'charts')),
        message: 'GIS I/O sits at the base: it may not import the optimiser or any layer above it.',
      },
    ]),
  },
  // Layer 1: the land-use problem, built on the optimiser core and GIS.
  {
    files: ['engine/src/landuse/**/*.ts'],
    rules: restrict([
      {
        regex: layer(layersExcept('rules', 'io', 'optimizer', 'gis', 'landuse', 'charts')),
        message: 'The land-use problem may import only the optimiser core and GIS.',
      },
    ]),
  },
  // Layer 1: the decision core (parties, compromises, groups, classifier). Pure TypeScript over
  // typed arrays like the optimiser core, beside the land-use problem: run folders feed it. One
  // package besides: quickselect (pure, no dependencies), for the distance bands' terciles.
  {
    files: ['engine/src/decision/**/*.ts'],
    rules: restrict(
      [
        {
          regex: '^(?!\\.{1,2}/|quickselect$)',
          message:
            'The decision core is pure TypeScript: only relative imports (itself and the optimiser core) and quickselect.',
        },
        {
          regex: layer([...layersExcept('rules', 'optimizer', 'decision'), 'project.js']),
          message: 'The decision core may import only the optimiser core: I/O and run folders stay in engine/src/runs.',
        },
      ],
      builtinsBanned('The decision core may not use Node built-ins: it must run in browsers too.'),
    ),
  },
  // Layer 2: parallel evaluation, run storage and reports.
  {
    files: ['engine/src/parallel/**/*.ts', 'engine/src/runs/**/*.ts', 'engine/src/report/**/*.ts'],
    rules: restrict([
      {
        regex: layer(['distributed', 'api', 'cli', 'desktop']),
        message: 'Parallel evaluation, runs and reports may not import distributed batches, the API, CLI or desktop.',
      },
    ]),
  },
  // Layer 2b: batches beyond one machine (BullMQ on Redis), built on run storage; the API exposes it.
  {
    files: ['engine/src/distributed/**/*.ts'],
    rules: restrict([
      {
        regex: layer(['api', 'cli', 'desktop']),
        message: 'Distributed batches may import runs and the layers below, not the API, CLI or desktop.',
      },
    ]),
  },
  // The interactive report's explorer: browser code bundled into the page (no Node, no packages);
  // besides itself it may use the engine's pure modules that its tsconfig.json lists.
  {
    files: ['engine/src/report/interactive/client/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict(
      [
        {
          regex: '^(?!\\.{1,2}/)',
          message: 'The explorer runs in the page: only relative imports (no packages).',
        },
        {
          regex: layer([
            'optimizer',
            'gis',
            'landuse',
            'decision',
            'parallel',
            'runs',
            'api',
            'cli',
            'desktop',
            'project.js',
          ]),
          message:
            "The explorer runs in the page: only the engine's pure modules (report/format, charts, rules, interactive/data).",
        },
      ],
      builtinsBanned('The explorer runs in the page: no Node built-ins.'),
    ),
  },
  // Layer 3: the engine API, the one facade that front ends call.
  {
    files: ['engine/src/api/**/*.ts'],
    rules: restrict([{ regex: layer(['cli', 'desktop']), message: 'The engine API may not import its front ends.' }]),
  },
  // Front ends: the CLI and the Electron main process call only the engine API.
  {
    files: ['engine/src/cli/**/*.ts'],
    rules: restrict([
      {
        regex: layer(layersExcept('rules', 'io', 'charts', 'api', 'cli')),
        message: 'The CLI calls only the engine API (engine/src/api).',
      },
    ]),
  },
  // The desktop transports: the Electron main process and the browser-mode server hold transport
  // only. They reach the engine's service through one transport-neutral module (desktop/src/shared:
  // dispatch, the app's files, channel names) and the engine API, never each other.
  {
    files: ['desktop/src/main/**/*.ts', 'desktop/src/web/**/*.ts', 'desktop/src/preload/**/*.ts'],
    rules: restrict([
      {
        regex: 'engine/src/(?!api/)',
        message: 'The desktop main process, preload and web server call only the engine API (engine/src/api).',
      },
      { regex: '(^|/)renderer(/|$)', message: 'Main-process code may not import the renderer.' },
      {
        regex: '^\\.\\./(main|web|preload)/',
        message:
          'The desktop transports do not import each other: shared code lives in desktop/src/shared (dispatch.ts) or the engine API.',
      },
    ]),
  },
  {
    files: ['desktop/src/shared/**/*.ts'],
    rules: restrict([
      {
        regex: 'engine/src/(?!api/)',
        message: 'The shared desktop module calls only the engine API (engine/src/api).',
      },
      {
        regex: '(^|/)(main|web|preload|renderer)(/|$)',
        message: 'The shared desktop module is transport-neutral: it may not import a transport or the renderer.',
      },
    ]),
  },
  // The renderer: browser code. Only *types* from the engine API contract; no Node, no engine runtime
  // (besides the pure chart specifications, the rules, and the report's pure scale-bar arithmetic and number formats).
  {
    files: ['desktop/src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict(
      [
        {
          regex: '(^|/)engine/(?!src/charts/|src/rules/|src/report/(scale-bar|format)\\.js$)',
          allowTypeImports: true,
          message: 'The renderer may import only types from the engine API contract (use `import type`).',
        },
        {
          regex: '(^|/)engine/src/(?!api/|charts/|rules/|report/(scale-bar|format)\\.js$)',
          message: 'The renderer may import only types from the engine API contract (engine/src/api).',
        },
        {
          regex: '(^|/)(main|preload|web|shared)(/|$)',
          message: 'The renderer talks to the engine only through the API transport.',
        },
        { regex: '^electron$', message: 'The renderer may not import Electron; use the API exposed by the preload.' },
      ],
      builtinsBanned('The renderer runs in a browser sandbox: no Node built-ins.'),
    ),
  },
);
