/** LeadFactory's template placeholders ({first_name}, {fund}, {role}) in a provider's own variable syntax. */
export const renderPlaceholders = (text: string, variables: Readonly<Record<"first_name" | "fund" | "role", string>>) =>
  text.replaceAll("{first_name}", variables.first_name).replaceAll("{fund}", variables.fund).replaceAll("{role}", variables.role)
