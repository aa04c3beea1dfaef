import v8 from "node:v8"
if (process.env.V8FLAGS) for (const f of process.env.V8FLAGS.split(" ")) v8.setFlagsFromString(f)
