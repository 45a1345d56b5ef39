/** How the Pact tools find a broker's credentials: the same variables, read the same way. */

/** PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME and PACT_BROKER_PASSWORD (the variables Pact's own tools read). */
export function brokerCredentials(env: NodeJS.ProcessEnv = process.env): {
  pactBrokerToken?: string;
  pactBrokerUsername?: string;
  pactBrokerPassword?: string;
} {
  if (env.PACT_BROKER_TOKEN) return { pactBrokerToken: env.PACT_BROKER_TOKEN };
  if (env.PACT_BROKER_USERNAME && env.PACT_BROKER_PASSWORD)
    return { pactBrokerUsername: env.PACT_BROKER_USERNAME, pactBrokerPassword: env.PACT_BROKER_PASSWORD };
  return {};
}
