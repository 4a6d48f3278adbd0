// A real, OpenID-certified provider (panva's `oidc-provider`) on loopback, configured the
// way a municipality registers Bryggan: one confidential client with the code flow and
// PKCE, Entra-like claims (`email`, `name`, a tenant id `tid`), an ES256 key generated at
// start, and the development login page, which accepts any login: the login is the
// person's email address.
import Provider from 'oidc-provider';
import { exportJWK, generateKeyPair } from 'jose';

export const CLIENT_ID = 'bryggan-e2e';
export const CLIENT_SECRET = 'a-client-secret-for-the-e2e-tests';
export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

/** Starts the provider on `port` for a Bryggan at `bryggan` (its public address). */
export async function startProvider(port, bryggan) {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const key = { ...(await exportJWK(privateKey)), kid: 'e2e-1', use: 'sig', alg: 'ES256' };
  const provider = new Provider(`http://127.0.0.1:${port}`, {
    clients: [{
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      redirect_uris: [`${bryggan}/sign-in/oidc/callback`],
      post_logout_redirect_uris: [`${bryggan}/sign-in`],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'ES256',
    }],
    jwks: { keys: [key] },
    // The claims go in the ID token, as Entra puts them there.
    conformIdTokenClaims: false,
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'tid'] },
    async findAccount(ctx, id) {
      return {
        accountId: id,
        async claims() {
          return { sub: `sub-${id}`, email: id, email_verified: true, name: 'Lina Nguyễn', tid: TENANT };
        },
      };
    },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    cookies: { keys: ['e2e-cookie-key-e2e-cookie-key'] },
  });
  const server = provider.listen(port);
  await new Promise((resolve) => server.once('listening', resolve));
  return { issuer: `http://127.0.0.1:${port}`, stop: () => server.close() };
}
