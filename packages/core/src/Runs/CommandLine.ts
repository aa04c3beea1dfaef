/**
 * The crawl command line: split into arguments the way a POSIX shell would quote them, but without
 * a shell, then filled in per argument. A placeholder's value always stays inside its one argument,
 * so nothing a user puts in a campaign's config can become a flag, a second command or a redirect.
 */
import { Either } from "effect"

/** The placeholders a command may use, and what they become. */
export const PLACEHOLDERS = {
  vertical: "the campaign's vertical: vc, pe, family_office or corp_dev",
  config: "the campaign's config as JSON",
  config_file: "the path of a file holding the campaign's config as JSON",
  output: "the path where the command must write its CSV",
  campaign_id: "the campaign's id"
} as const

export type Placeholder = keyof typeof PLACEHOLDERS

export type PlaceholderValues = { readonly [K in Placeholder]: string }

const placeholderPattern = /\{([a-z_]+)\}/g

const isPlaceholder = (name: string): name is Placeholder => Object.hasOwn(PLACEHOLDERS, name)

/**
 * Splits `line` into arguments: blanks separate them; '…' keeps everything literally; "…" keeps
 * everything but lets \" \\ \$ \` escape; a backslash outside quotes escapes the next character.
 * Left: why the line cannot be split (an unclosed quote, nothing to run).
 */
export const splitCommandLine = (line: string): Either.Either<ReadonlyArray<string>, string> => {
  const args: Array<string> = []
  let current = ""
  let inArgument = false
  let i = 0
  while (i < line.length) {
    const c = line[i]!
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      if (inArgument) args.push(current)
      current = ""
      inArgument = false
      i++
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1)
      if (end === -1) return Either.left("a single quote is not closed")
      current += line.slice(i + 1, end)
      inArgument = true
      i = end + 1
    } else if (c === "\"") {
      i++
      for (;;) {
        if (i >= line.length) return Either.left("a double quote is not closed")
        const d = line[i]!
        if (d === "\"") break
        if (d === "\\" && i + 1 < line.length && "\"\\$`".includes(line[i + 1]!)) {
          current += line[i + 1]
          i += 2
        } else {
          current += d
          i++
        }
      }
      inArgument = true
      i++
    } else if (c === "\\") {
      if (i + 1 >= line.length) return Either.left("the line ends with a lone backslash")
      current += line[i + 1]
      inArgument = true
      i += 2
    } else {
      current += c
      inArgument = true
      i++
    }
  }
  if (inArgument) args.push(current)
  return args.length === 0 ? Either.left("it names no program") : Either.right(args)
}

/** The `{name}`s in `argv` that are not placeholders, e.g. a misspelt `{outptu}`. */
export const unknownPlaceholders = (argv: ReadonlyArray<string>): ReadonlyArray<string> =>
  [...new Set(argv.flatMap((arg) => [...arg.matchAll(placeholderPattern)].map((match) => match[1]!)))].filter(
    (name) => !isPlaceholder(name)
  )

/** Replaces the placeholders in each argument, in one pass: a value is never scanned again. */
export const fillPlaceholders = (argv: ReadonlyArray<string>, values: PlaceholderValues): ReadonlyArray<string> =>
  argv.map((arg) => arg.replace(placeholderPattern, (whole, name: string) => (isPlaceholder(name) ? values[name] : whole)))

/**
 * A configured command as argv: a string is split, a list is taken as it is. Left: a sentence that
 * names `origin` (where the command was configured) and what is wrong with it.
 */
export const parseCommand = (
  command: string | ReadonlyArray<string>,
  origin: string
): Either.Either<ReadonlyArray<string>, string> => {
  const split = typeof command === "string" ? splitCommandLine(command) : Either.right(command)
  return Either.flatMap(
    Either.mapLeft(split, (reason) => `${origin} cannot be read: ${reason}.`),
    (argv) => {
      if (argv.length === 0 || argv[0] === "") return Either.left(`${origin} names no program.`)
      const unknown = unknownPlaceholders(argv)
      if (unknown.length > 0) {
        return Either.left(
          `${origin} uses unknown placeholders ${unknown.map((name) => `{${name}}`).join(", ")}; known are ${
            Object.keys(PLACEHOLDERS).map((name) => `{${name}}`).join(", ")
          }.`
        )
      }
      return Either.right(argv)
    }
  )
}
