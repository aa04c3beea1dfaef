import { describe, expect, it } from "vitest"
import { delimiterLabel, detectDelimiter } from "../../src/Import/Delimiter.js"

const detect = (line: string) => detectDelimiter(Buffer.from(line))

describe("detectDelimiter", () => {
  it("finds comma, semicolon or tab from the header line", () => {
    expect(detect("Name,Email,Fund")).toBe(",")
    expect(detect("Name;Email;Fund;Lead Score")).toBe(";")
    expect(detect("Name\tEmail\tFund")).toBe("\t")
  })
  it("does not count what is inside quotes", () => {
    expect(detect("\"Name, full\";\"Fund, firm\";Score")).toBe(";")
    expect(detect("\"a;b;c;d\",Name,Fund")).toBe(",")
  })
  it("takes comma for a one-column header and on a tie", () => {
    expect(detect("Name")).toBe(",")
    expect(detect("Name,Fund;Score")).toBe(",")
  })
  it("shows the tab as a word in the summary", () => {
    expect(delimiterLabel("\t")).toBe("tab")
    expect(delimiterLabel(";")).toBe(";")
  })
})
