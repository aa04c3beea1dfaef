// The benchmark's table (markdown, readable as plain text) and the RESULTS file around it.

const COLUMNS = ["database", "figure", "ours", "baseline", "ratio", "goal", "pass"]

export const formatTable = (rows) => {
  const cells = rows.map((row) => [row.db, row.figure, row.ours, row.baseline, row.ratio, row.goal, row.pass ? "pass" : "**MISSED**"])
  const widths = COLUMNS.map((name, i) => Math.max(name.length, ...cells.map((line) => line[i].length)))
  const line = (values) => `| ${values.map((v, i) => v.padEnd(widths[i])).join(" | ")} |`
  return [line(COLUMNS), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...cells.map(line)].join("\n")
}

export const resultsMarkdown = ({ profile, table, description, loads, seconds, args, missed, wrongAnswers, restarts }) => `# Benchmark results (${profile.name === "quick" ? "quick: 100,000 leads" : "1,000,000 leads"})

Written by \`npm run bench${args.length > 0 ? ` -- ${args.join(" ")}` : ""}\` on ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC
(${seconds.toFixed(0)} s). How each figure is measured: [docs/benchmarks.md](../docs/benchmarks.md).

${table}

${missed.length === 0 ? "Every goal met." : `Goals missed: ${missed.length} (see docs/benchmarks.md for what limits them).`}
${wrongAnswers.length === 0 ? "Every answer checked was right (totals, export row counts, no failed request)." : `WRONG ANSWERS:\n${wrongAnswers.map((m) => `- ${m}`).join("\n")}`}
${restarts.length === 0 ? "" : `\n${restarts.map((m) => `- ${m}`).join("\n")}\n`}
## Machine

${description.map((line) => `- ${line}`).join("\n")}
- load average (1 min) before SQLite, before PostgreSQL, before the import, at the end: ${loads.map((n) => n.toFixed(2)).join(", ")}
`
