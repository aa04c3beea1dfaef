/** @leadfactory/cli: the command-line programs of LeadFactory (lf-import). */
export { EXIT_CODES_HELP, ExitCode } from "./ExitCode.js"
export { importCommand } from "./ImportCommand.js"
export { runLfImport, VERSION } from "./LfImport.js"
