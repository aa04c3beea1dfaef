/**
 * An express app that already has routes of its own, and mounts LeadFactory at /api with one line.
 * Its JSON body parser is scoped to its own routes: LeadFactory reads its request bodies itself.
 */
import type { LeadFactory } from "@leadfactory/http"
import express from "express"

export const makeApp = (leadFactory: LeadFactory) => {
  const app = express()

  // The app's own routes.
  app.get("/hello", (_request, response) => {
    response.json({ hello: "world" })
  })
  const notes: Array<{ text: string }> = []
  const notesRouter = express.Router()
  notesRouter.get("/", (_request, response) => {
    response.json(notes)
  })
  notesRouter.post("/", (request, response) => {
    notes.push({ text: String(request.body?.text ?? "") })
    response.status(201).json(notes.at(-1))
  })
  app.use("/notes", express.json(), notesRouter)

  // LeadFactory, at /api.
  app.use("/api", leadFactory.router())

  return app
}
