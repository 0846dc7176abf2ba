import type { Command } from 'commander';

/**
 * Each command lives in its own file and exports `register(program)`; add new commands here.
 */
export function registerCommands(_program: Command): void {}
