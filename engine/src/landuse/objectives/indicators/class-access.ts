/**
 * Walking access from homes to classes (green space, services): the share of housing cells with a
 * target cell within the distance. Shared by green-access.ts and service-access.ts.
 */
import { z } from 'zod';
import { classList, distance } from '../../scenario/fields.js';
import type { ResolvedClass } from '../../scenario/types.js';
import { defineIndicator, indicatorBase } from './define.js';

export function classAccessIndicator<Type extends 'greenAccess' | 'serviceAccess'>(options: {
  type: Type;
  /** The class flag that marks the default targets. */
  flag: keyof ResolvedClass & ('green' | 'services');
  label: string;
  what: string;
  docsFormula: string;
  docsParameters: string;
}) {
  const { type, flag } = options;
  return defineIndicator({
    type,
    family: 'social',
    unit: '% of housing',
    label: options.label,
    formula: `100 · #{housing cells within D of ${options.what}} / #housing cells`,
    docs: { formula: options.docsFormula, parameters: options.docsParameters },
    schema: z
      .strictObject({ ...indicatorBase, distance: distance.optional(), classes: classList.optional() })
      .optional()
      .describe(
        `Share of housing within walking distance (default "500 m") of ${flag === 'green' ? 'green' : 'service'} classes.`,
      ),
    resolve(s, context) {
      context.needHousing();
      const targets = s.classes
        ? context.classRefs([...context.at, 'classes'], s.classes)
        : context.classes.flatMap((c, i) => (c[flag] ? [i] : []));
      if (!s.classes && targets.length === 0)
        context.issue(context.at, `no class is marked \`${flag}: true\`; mark one or list "classes"`);
      return {
        type,
        weight: s.weight ?? 1,
        distance: context.distanceOr([...context.at, 'distance'], s.distance, 500),
        classes: targets as readonly number[],
      };
    },
    compile(spec, { area }) {
      const targets = new Uint8Array(area.classes.length);
      for (const c of spec.classes) targets[c] = 1;
      return { kind: 'access', name: spec.type, weight: spec.weight, targets, distance: spec.distance };
    },
  });
}
