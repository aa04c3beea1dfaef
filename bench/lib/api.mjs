// The few API calls the benchmark makes itself: sign-up, sign-in, campaigns, and JSON reads.

const call = async (url, { method = "GET", token, body } = {}) => {
  const response = await fetch(url, {
    method,
    headers: {
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { "content-type": "application/json" })
    },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text.slice(0, 300)}`)
  return text === "" ? undefined : JSON.parse(text)
}

export const register = (base, account) => call(`${base}/api/users/register`, { method: "POST", body: account })

export const login = async (base, { email, password }) =>
  (await call(`${base}/api/users/login`, { method: "POST", body: { email, password } })).access_token

export const createCampaign = (base, token, name) =>
  call(`${base}/api/campaigns`, { method: "POST", token, body: { name, vertical: "vc" } })

export const getJson = (url, token) => call(url, { token })
