/**
 * A small JSON Schema draft-07 validator for the keywords the info schema uses (type, required,
 * properties, additionalProperties, const, enum, pattern, items, minItems, minimum, maximum, $ref to
 * #/definitions, oneOf, anyOf, not). Returns the list of violations (empty = valid).
 */
type Json = unknown;
type Schema = Record<string, unknown>;

export function validateSchema(root: Json, value: Json): string[] {
  const errors: string[] = [];
  check(root as Schema, root as Schema, value, '$', errors);
  return errors;
}

function typeOf(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function check(root: Schema, s: Schema, v: Json, path: string, errors: string[]): void {
  if (typeof s.$ref === 'string') {
    const name = s.$ref.replace('#/definitions/', '');
    check(root, (root.definitions as Record<string, Schema>)[name]!, v, path, errors);
  }
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    const t = typeOf(v);
    if (!types.some((x) => x === t || (x === 'number' && t === 'integer'))) errors.push(`${path}: type ${t}, expected ${types.join('|')}`);
  }
  if ('const' in s && JSON.stringify(s.const) !== JSON.stringify(v)) errors.push(`${path}: not const ${JSON.stringify(s.const)}`);
  if (Array.isArray(s.enum) && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) errors.push(`${path}: ${JSON.stringify(v)} not in enum`);
  if (typeof s.pattern === 'string' && typeof v === 'string' && !new RegExp(s.pattern).test(v)) errors.push(`${path}: does not match ${s.pattern}`);
  if (typeof s.minimum === 'number' && typeof v === 'number' && v < s.minimum) errors.push(`${path}: below minimum`);
  if (typeof s.maximum === 'number' && typeof v === 'number' && v > s.maximum) errors.push(`${path}: above maximum`);
  if (Array.isArray(v)) {
    if (typeof s.minItems === 'number' && v.length < s.minItems) errors.push(`${path}: fewer than ${s.minItems} items`);
    if (s.items) v.forEach((x, i) => check(root, s.items as Schema, x, `${path}[${i}]`, errors));
  }
  if (typeOf(v) === 'object') {
    const o = v as Record<string, Json>;
    for (const r of (s.required as string[] | undefined) ?? []) if (!(r in o)) errors.push(`${path}: missing ${r}`);
    const props = (s.properties as Record<string, Schema> | undefined) ?? {};
    for (const [k, x] of Object.entries(o)) {
      if (props[k]) check(root, props[k]!, x, `${path}.${k}`, errors);
      else if (s.additionalProperties === false) errors.push(`${path}: unexpected property ${k}`);
    }
  }
  if (Array.isArray(s.oneOf)) {
    const passing = s.oneOf.filter((sub) => validates(root, sub as Schema, v)).length;
    if (passing !== 1) errors.push(`${path}: matches ${passing} of the oneOf branches, expected exactly 1`);
  }
  if (Array.isArray(s.anyOf) && !s.anyOf.some((sub) => validates(root, sub as Schema, v))) errors.push(`${path}: matches no anyOf branch`);
  if (s.not && validates(root, s.not as Schema, v)) errors.push(`${path}: matches a 'not' schema`);
}

function validates(root: Schema, s: Schema, v: Json): boolean {
  const e: string[] = [];
  check(root, s, v, '', e);
  return e.length === 0;
}
