#!/usr/bin/env node
/**
 * A stand-in for the Python crawl engine, to try campaign runs on a fresh machine. It takes the
 * arguments LeadFactory fills in, reports progress the way LeadFactory reads it (`PROGRESS <pct>
 * <stage>` on stdout), and writes a CSV in the crawl engine's format to --out.
 *
 *   node examples/fake-crawler/engine.mjs --vertical vc --config config.json --out leads.csv
 *
 * The campaign's config may set {"leads": 25, "delay_ms": 400, "fail": false}.
 */
import { readFileSync, writeFileSync } from "node:fs"
import { setTimeout as sleep } from "node:timers/promises"

const option = (name) => {
  const i = process.argv.indexOf(`--${name}`)
  return i === -1 ? undefined : process.argv[i + 1]
}
const vertical = option("vertical") ?? process.env.LF_VERTICAL ?? "vc"
const out = option("out") ?? process.env.LF_OUTPUT
const configFile = option("config") ?? process.env.LF_CONFIG_FILE
if (out === undefined) {
  console.error("usage: engine.mjs --vertical <vc|pe|family_office|corp_dev> [--config <file.json>] --out <file.csv>")
  process.exit(2)
}
const config = configFile === undefined ? {} : JSON.parse(readFileSync(configFile, "utf8"))
const leads = Math.max(0, Math.min(10_000, Number(config.leads ?? 25)))
const delayMs = Math.max(0, Number(config.delay_ms ?? 400))

const firms = {
  vc: ["Northwind Ventures", "Blue Harbor Capital", "Seedling Partners", "Orbit VC"],
  pe: ["Granite Equity", "Summit Buyout Partners", "Keystone Capital"],
  family_office: ["Aldridge Family Office", "Marlowe Holdings", "Pemberton Trust"],
  corp_dev: ["Acme Corp Development", "Globex Strategic Investments", "Initech M&A"]
}[vertical] ?? ["Example Fund"]
const firstNames = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Margaret", "Niklaus"]
const lastNames = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Hamilton", "Wirth"]
const roles = ["Partner", "Principal", "Associate", "Managing Director", "Head of Corporate Development"]
const stages = [["crawling", 40], ["enriching", 65], ["validating", 80], ["scoring", 95]]

console.log(`fake crawl of ${vertical}: ${leads} leads`)
console.log("PROGRESS 0 crawling")
for (const [stage, pct] of stages) {
  await sleep(delayMs)
  console.log(`PROGRESS ${pct} ${stage}`)
}
if (config.fail === true) {
  console.error("RuntimeError: the fake crawler was asked to fail (config.fail)")
  process.exit(1)
}

const cell = (value) => (/[",\n]/.test(value) ? `"${value.replaceAll("\"", "\"\"")}"` : value)
const tierOf = (score) => (score >= 80 ? "🔴 HOT" : score >= 60 ? "🟡 WARM" : score >= 40 ? "🟢 COOL" : "⚪ COLD")
const rows = ["Name,Email,Email Status,Role,Fund,Focus Areas,Stage,Check Size,Location,LinkedIn,Website,Lead Score,Tier,Source,Scraped At"]
for (let i = 0; i < leads; i++) {
  const first = firstNames[i % firstNames.length]
  const last = lastNames[Math.floor(i / firstNames.length) % lastNames.length]
  const fund = firms[i % firms.length]
  const domain = `${fund.toLowerCase().replace(/[^a-z]+/g, "")}.example`
  // Every seventh lead has no address, as real crawls leave some people without one.
  const email = i % 7 === 6 ? "N/A" : `${first.toLowerCase()}.${last.toLowerCase()}${i >= 100 ? i : ""}@${domain}`
  const score = 30 + ((i * 37) % 70)
  rows.push([
    `${first} ${last}${i >= 100 ? ` ${i}` : ""}`, email, email === "N/A" ? "unknown" : "scraped", roles[i % roles.length], fund,
    "SaaS; Fintech", "Seed", "$1M-$5M", "Berlin", "N/A", `https://${domain}`, String(score), tierOf(score),
    `https://${domain}/team`, new Date(Date.UTC(2026, 10, 1, 9, i % 60)).toISOString().slice(0, 19)
  ].map(cell).join(","))
}
writeFileSync(out, rows.join("\n") + "\n")
console.log("PROGRESS 100 scoring")
console.log(`wrote ${leads} leads to ${out}`)
