// Module resolve hook: prefer the `@truce/source` export condition so that
// `@truce/*` packages load from `src/` (see the root tsconfig).
export async function resolve(specifier, context, nextResolve) {
  const conditions = context.conditions.includes('@truce/source')
    ? context.conditions
    : [...context.conditions, '@truce/source'];
  return nextResolve(specifier, { ...context, conditions });
}
