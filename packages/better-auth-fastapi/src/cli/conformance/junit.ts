/**
 * JUnit XML of a conformance run, for CI systems: one testcase per case, failures for MUST cases
 * (and SHOULD cases with `--strict`), a SHOULD miss without `--strict` as system-out, and the
 * cases this run could not send as skipped.
 *
 * @module
 * @internal
 */
import type { ConformanceResult } from "./run.js";

// biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 cannot hold these characters
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;
const esc = (s: string) =>
	s
		.replace(NOT_XML, "?")
		.replace(/&/g, "&amp;")
		.replace(/</g, "&lt;")
		.replace(/>/g, "&gt;")
		.replace(/"/g, "&quot;");

/** The XML document. */
export function junitXml(r: ConformanceResult): string {
	const strict = r.summary.strict;
	const failures = r.summary.failedMust + (strict ? r.summary.failedShould : 0);
	const lines = [
		'<?xml version="1.0" encoding="UTF-8"?>',
		`<testsuites name="better-auth-fastapi conformance" tests="${r.outcomes.length + r.notApplicable.length}" failures="${failures}" skipped="${r.notApplicable.length}">`,
		`  <testsuite name="conformance ${esc(r.target.url)}" tests="${r.outcomes.length + r.notApplicable.length}" failures="${failures}" skipped="${r.notApplicable.length}">`,
	];
	for (const o of r.outcomes) {
		const [file] = o.id.split("#");
		lines.push(
			`    <testcase classname="${esc(file ?? "")}" name="${esc(`${o.id} ${o.comment} [${o.level}]`)}">`,
		);
		const detail = `sent:\n${o.sent}\nexpected: ${o.expected}\ngot: ${o.got}\n${o.problems.join("\n")}\nwhy:\n${o.why.map((w) => `${w.description} ${w.links.join(" ")}`).join("\n")}`;
		if (!o.passed && (o.level === "MUST" || strict)) {
			lines.push(
				`      <failure type="${o.level}" message="${esc(o.problems[0] ?? "failed")}">${esc(detail)}</failure>`,
			);
		} else if (!o.passed) {
			lines.push(
				`      <system-out>${esc(`SHOULD not met (fails only with --strict)\n${detail}`)}</system-out>`,
			);
		}
		lines.push("    </testcase>");
	}
	for (const n of r.notApplicable) {
		const [file] = n.id.split("#");
		lines.push(
			`    <testcase classname="${esc(file ?? "")}" name="${esc(`${n.id} ${n.comment}`)}"><skipped message="${esc(n.reason)}"/></testcase>`,
		);
	}
	lines.push("  </testsuite>", "</testsuites>", "");
	return lines.join("\n");
}
