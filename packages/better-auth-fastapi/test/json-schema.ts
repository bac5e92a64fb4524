// A small JSON Schema (draft 2020-12) validator for the keywords spec/vectors/schemas use. It
// refuses keywords it does not know, so a schema can never be silently half-checked.
type Schema = boolean | { [keyword: string]: unknown };

const ANNOTATIONS = new Set(["$schema", "$id", "$defs", "title", "description"]);

function typeOf(v: unknown): string {
	if (v === null) return "null";
	if (Array.isArray(v)) return "array";
	if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
	return typeof v;
}

const typeMatches = (v: unknown, t: string) =>
	typeOf(v) === t || (t === "number" && typeOf(v) === "integer");

function deepEqual(a: unknown, b: unknown): boolean {
	return JSON.stringify(a) === JSON.stringify(b);
}

export class SchemaValidator {
	/** @param schemas Every schema document by its `$id`. */
	constructor(private readonly schemas: Record<string, Schema>) {}

	/** Returns the list of errors (empty when valid) of `value` against schema `id`. */
	validate(id: string, value: unknown): string[] {
		const root = this.schemas[id];
		if (root === undefined) return [`unknown schema ${id}`];
		const errors: string[] = [];
		this.check(root, id, value, "$", errors);
		return errors;
	}

	private resolve(ref: string, base: string): [Schema, string] {
		const [doc, fragment = ""] = ref.split("#");
		const docId = doc === "" || doc === undefined ? base : doc;
		let node: unknown = this.schemas[docId];
		for (const part of fragment.split("/").filter(Boolean)) {
			node = (node as Record<string, unknown>)?.[part];
		}
		if (node === undefined) throw new Error(`unresolvable $ref ${ref} from ${base}`);
		return [node as Schema, docId];
	}

	private check(schema: Schema, base: string, v: unknown, path: string, errors: string[]): void {
		if (schema === true) return;
		if (schema === false) {
			errors.push(`${path}: not allowed`);
			return;
		}
		const err = (m: string) => errors.push(`${path}: ${m}`);
		for (const [k, arg] of Object.entries(schema)) {
			if (ANNOTATIONS.has(k) || k === "then" || k === "else") continue;
			const sub = (s: unknown, value: unknown, p = path) =>
				this.check(s as Schema, base, value, p, errors);
			const passes = (s: unknown, value: unknown) => {
				const e: string[] = [];
				this.check(s as Schema, base, value, path, e);
				return e.length === 0;
			};
			const obj = typeOf(v) === "object" ? (v as Record<string, unknown>) : undefined;
			switch (k) {
				case "$ref": {
					const [target, doc] = this.resolve(arg as string, base);
					this.check(target, doc, v, path, errors);
					break;
				}
				case "type": {
					const types = Array.isArray(arg) ? (arg as string[]) : [arg as string];
					if (!types.some((t) => typeMatches(v, t))) err(`expected ${types.join("|")}`);
					break;
				}
				case "enum":
					if (!(arg as unknown[]).some((e) => deepEqual(e, v)))
						err(`not in enum: ${JSON.stringify(v)}`);
					break;
				case "const":
					if (!deepEqual(arg, v)) err(`expected ${JSON.stringify(arg)}`);
					break;
				case "properties":
					if (obj) {
						for (const [name, s] of Object.entries(arg as object)) {
							if (Object.hasOwn(obj, name)) sub(s, obj[name], `${path}.${name}`);
						}
					}
					break;
				case "required":
					if (obj)
						for (const name of arg as string[])
							if (!Object.hasOwn(obj, name)) err(`missing ${name}`);
					break;
				case "additionalProperties":
					if (obj) {
						const known = Object.keys((schema.properties as object | undefined) ?? {});
						for (const name of Object.keys(obj)) {
							if (!known.includes(name)) sub(arg, obj[name], `${path}.${name}`);
						}
					}
					break;
				case "propertyNames":
					if (obj) for (const name of Object.keys(obj)) sub(arg, name, `${path}[name ${name}]`);
					break;
				case "items":
					if (Array.isArray(v))
						for (const [i, item] of v.entries()) sub(arg, item, `${path}[${i}]`);
					break;
				case "minItems":
					if (Array.isArray(v) && v.length < (arg as number)) err(`fewer than ${arg} items`);
					break;
				case "minLength":
					if (typeof v === "string" && [...v].length < (arg as number)) err(`shorter than ${arg}`);
					break;
				case "pattern":
					if (typeof v === "string" && !new RegExp(arg as string, "u").test(v))
						err(`does not match ${arg}`);
					break;
				case "minimum":
					if (typeof v === "number" && v < (arg as number)) err(`below ${arg}`);
					break;
				case "allOf":
					for (const s of arg as unknown[]) sub(s, v);
					break;
				case "anyOf":
					if (!(arg as unknown[]).some((s) => passes(s, v))) err("matches no anyOf branch");
					break;
				case "not":
					if (passes(arg, v)) err(`must not match ${JSON.stringify(arg)}`);
					break;
				case "if":
					if (passes(arg, v)) {
						if ("then" in schema) sub(schema.then, v);
					} else if ("else" in schema) sub(schema.else, v);
					break;
				default:
					throw new Error(`json-schema.ts does not implement keyword ${k}`);
			}
		}
	}
}
