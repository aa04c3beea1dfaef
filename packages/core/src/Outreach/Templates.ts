/** The built-in email sequences, a few per vertical, with {first_name}, {fund} and {role} placeholders. */
import { OutreachTemplate, SequenceStep } from "./OutreachCampaign.js"

const step = (subject: string, body: string, delay_days: number) => new SequenceStep({ subject, body, delay_days })

export const TEMPLATES: ReadonlyArray<OutreachTemplate> = [
  new OutreachTemplate({
    id: "vc_intro",
    vertical: "vc",
    name: "VC intro, two follow-ups",
    steps: [
      step("Intro for {fund}", "Hi {first_name},\n\nAs {role} at {fund}, you may like what we are building. Could I send a short deck?", 0),
      step("Re: Intro for {fund}", "Hi {first_name}, a quick nudge on my note below. Happy to keep it to 15 minutes.", 3),
      step("Re: Intro for {fund}", "Hi {first_name}, last note from me: if the timing is wrong for {fund}, just say so.", 7)
    ]
  }),
  new OutreachTemplate({
    id: "vc_warm_followup",
    vertical: "vc",
    name: "VC follow-up after an event",
    steps: [
      step("Following up, {first_name}", "Hi {first_name},\n\nGood to see {fund} active in our space. Would a call next week work?", 0),
      step("Re: Following up, {first_name}", "Hi {first_name}, sharing a two-line update in case it helps your {role} review.", 4)
    ]
  }),
  new OutreachTemplate({
    id: "pe_intro",
    vertical: "pe",
    name: "PE deal-flow intro",
    steps: [
      step("Deal flow for {fund}", "Hi {first_name},\n\nWe see companies that fit {fund}'s mandate. Open to a short call?", 0),
      step("Re: Deal flow for {fund}", "Hi {first_name}, following up in case this reached you at a busy time.", 5)
    ]
  }),
  new OutreachTemplate({
    id: "family_office_intro",
    vertical: "family_office",
    name: "Family office intro",
    steps: [
      step("An opportunity for {fund}", "Dear {first_name},\n\nAs {role} at {fund}, you may welcome a direct opportunity. May I share details?", 0),
      step("Re: An opportunity for {fund}", "Dear {first_name}, a brief follow-up on my earlier note.", 7)
    ]
  }),
  new OutreachTemplate({
    id: "corp_dev_intro",
    vertical: "corp_dev",
    name: "Corporate development intro",
    steps: [
      step("Partnership with {fund}", "Hi {first_name},\n\nI lead partnerships and think {fund}'s corp dev team would find this relevant. Worth a call?", 0),
      step("Re: Partnership with {fund}", "Hi {first_name}, checking whether this belongs with you as {role} or with a colleague.", 4)
    ]
  })
]
