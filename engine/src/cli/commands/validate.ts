import type { Command } from 'commander';

/** `paretoplan validate <scenario> [--json]`: every problem with its line, or a summary of the study area. */
export function register(program: Command): void {
  program
    .command('validate')
    .description(
      'check a scenario file: schema, layers, rules and whether its demands can be met (prints every problem with its line, or a summary)',
    )
    .argument('<scenario>', 'a scenario file (.yaml or .json)')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      const { formatValidation, validateScenario, validationError } = await import('../../api/index.js');
      const result = await validateScenario(file);
      if (options.json) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        if (!result.ok) process.exitCode = 2;
        return;
      }
      if (!result.ok) throw validationError(result);
      process.stdout.write(`${formatValidation(result)}\n`);
    });
}
