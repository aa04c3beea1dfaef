/**
 * Port: where a campaign run gets its leads. A source produces the crawler's CSV file; the worker
 * imports it. `LeadSources` picks the source of a campaign from the operator's configuration.
 */
import { Context, Data, type Effect, type Either, type Scope } from "effect"
import type { CampaignConfig, ProgressStage, VerticalSlug } from "../Campaign.js"
import type { InvalidInput } from "../Errors.js"
import type { CampaignRun } from "./CampaignRun.js"

/** What a source knows of the run it works for. */
export interface LeadJob {
  readonly run: CampaignRun
  readonly vertical: VerticalSlug
  readonly config: CampaignConfig
  /** A folder of this run's own, for the files the source makes. */
  readonly workDir: string
  /** Appends a line to the run's log. */
  readonly log: (line: string) => void
  /** The source's progress: a stage, and 0-100 of the work before the leads are stored. */
  readonly progress: (stage: ProgressStage, pct: number) => void
}

/** The CSV to import. */
export interface LeadFile {
  readonly path: string
}

/** The source could not produce its leads; `message` is shown to the campaign's owner. */
export class LeadSourceFailed extends Data.TaggedError("LeadSourceFailed")<{ readonly message: string }> {}

export interface LeadSource {
  /** "command" or "csv": for logs. */
  readonly kind: string
  /**
   * Produces the CSV. Interrupting it stops the work (a child process is terminated); files it
   * made for the run are removed when the scope closes.
   */
  readonly produce: (job: LeadJob) => Effect.Effect<LeadFile, LeadSourceFailed, Scope.Scope>
}

export interface LeadSources {
  /**
   * The source that runs this campaign, or InvalidInput saying how to configure one (field
   * "source"), or what is wrong with the campaign's `csv` (field "config.csv").
   */
  readonly forCampaign: (
    campaign: { readonly vertical: VerticalSlug; readonly config: CampaignConfig }
  ) => Either.Either<LeadSource, InvalidInput>
}

export const LeadSources = Context.GenericTag<LeadSources>("@leadfactory/core/LeadSources")
