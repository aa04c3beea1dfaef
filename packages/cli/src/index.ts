/** @leadfactory/cli: the command-line programs of LeadFactory (lf-import, lf-worker, lf-run). */
export { EXIT_CODES_HELP, ExitCode } from "./ExitCode.js"
export { importCommand } from "./ImportCommand.js"
export { runLfImport, VERSION } from "./LfImport.js"
export { runCommand } from "./RunCommand.js"
export { RunExitCode } from "./RunServices.js"
export { workerCommand } from "./WorkerCommand.js"
