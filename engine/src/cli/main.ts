#!/usr/bin/env node
/**
 * `paretoplan`: the command-line front end. It calls only the engine API.
 * Exit codes: 0 success, 1 the run failed, 2 bad input or usage.
 */
import { Command, CommanderError } from 'commander';
// Small modules only: commands load the engine when they run, so --help and usage errors answer at once.
import { engineVersion } from '../api/version.js';
import { isInputError } from '../api/errors.js';
import { registerCommands } from './commands/index.js';
import { ExitCode } from './exit-codes.js';

const debug = process.argv.includes('--debug');

export function buildProgram(): Command {
  const program = new Command('paretoplan')
    .description('Pareto Plan: multi-objective land-use planning (economic, social welfare, ecology).')
    .version(engineVersion)
    .option('--debug', 'print stack traces of errors')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerCommands(program);
  return program;
}

function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    // Commander already printed its message (unknown option, missing argument, --help, --version).
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return ExitCode.Ok;
    return ExitCode.BadInput;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (isInputError(error)) {
    process.stderr.write(`paretoplan: ${message}\n`);
    if (debug && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return ExitCode.BadInput;
  }
  process.stderr.write(`paretoplan: the command failed: ${message}\n`);
  process.stderr.write(debug && error instanceof Error ? `${error.stack}\n` : 'Run again with --debug for details.\n');
  return ExitCode.Failed;
}

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  process.exitCode = reportError(error);
}
