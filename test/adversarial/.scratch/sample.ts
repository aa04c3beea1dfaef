import fc from "fast-check"
const percentEncoded = (text: string) => [...Buffer.from(text, "utf8")].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("")
const a = fc.string({ unit: "binary-ascii", maxLength: 12 }).map(percentEncoded)
const samples = fc.sample(a, 1000)
console.log(samples.slice(0, 5), samples.filter((s) => s.includes("%00")).length)
