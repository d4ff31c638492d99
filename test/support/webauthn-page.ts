import { hkdfSync } from 'node:crypto';
import net from 'node:net';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';

const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export interface AuthenticatorOptions {
  readonly hasPrf: boolean;
  readonly hasUserVerification?: boolean;
}

/** Debian Chromium with one DevTools virtual authenticator (resident keys, UV), on a page of the server's origin. */
export async function openAuthenticatorPage(
  origin: string,
  options: AuthenticatorOptions,
): Promise<{ browser: Browser; page: Page; cdp: CDPSession; authenticatorId: string }> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      ctap2Version: 'ctap2_1',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: options.hasUserVerification ?? true,
      isUserVerified: options.hasUserVerification ?? true,
      hasPrf: options.hasPrf,
      automaticPresenceSimulation: true,
    },
  });
  await page.goto(`${origin}/api/v1/health`);
  return { browser, page, cdp, authenticatorId };
}

export interface CeremonyResult {
  readonly response: Record<string, unknown>;
  /** base64url PRF output, when the authenticator evaluated PRF. */
  readonly prf?: string;
  readonly prfEnabled?: boolean;
}

/** Runs in the page: JSON options (base64url) → navigator.credentials → JSON response; PRF inputs decoded, outputs split off. */
export const ceremony = async ([kind, optionsJson, overrides]: [string, Record<string, unknown>, Record<string, unknown>]): Promise<CeremonyResult> => {
  const fromB64 = (text: string): ArrayBuffer => {
    const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0)).buffer;
  };
  const toB64 = (buffer: ArrayBuffer): string =>
    btoa(String.fromCharCode(...new Uint8Array(buffer)))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
  // Browser globals: the test project compiles without the DOM library.
  const credentials = (globalThis as any).navigator.credentials;
  const options = { ...structuredClone(optionsJson), ...overrides } as any;
  options.challenge = fromB64(options.challenge);
  for (const list of [options.excludeCredentials, options.allowCredentials]) for (const c of list ?? []) c.id = fromB64(c.id);
  if (options.extensions?.prf?.eval?.first) options.extensions.prf.eval.first = fromB64(options.extensions.prf.eval.first);
  if (kind === 'create') {
    options.user.id = fromB64(options.user.id);
    const credential = await credentials.create({ publicKey: options });
    const response = credential.response;
    return {
      response: {
        id: credential.id,
        rawId: toB64(credential.rawId),
        type: credential.type,
        clientExtensionResults: {},
        response: {
          clientDataJSON: toB64(response.clientDataJSON),
          attestationObject: toB64(response.attestationObject),
          transports: response.getTransports(),
        },
      },
      prfEnabled: credential.getClientExtensionResults().prf?.enabled === true,
    };
  }
  const credential = await credentials.get({ publicKey: options });
  const response = credential.response;
  const prf = credential.getClientExtensionResults().prf?.results?.first;
  return {
    response: {
      id: credential.id,
      rawId: toB64(credential.rawId),
      type: credential.type,
      clientExtensionResults: {},
      response: {
        clientDataJSON: toB64(response.clientDataJSON),
        authenticatorData: toB64(response.authenticatorData),
        signature: toB64(response.signature),
        ...(response.userHandle ? { userHandle: toB64(response.userHandle) } : {}),
      },
    },
    ...(prf ? { prf: toB64(prf) } : {}),
  };
};

export function runCeremony(
  page: Page,
  kind: 'create' | 'get',
  options: Record<string, unknown>,
  overrides: Record<string, unknown> = {},
): Promise<CeremonyResult> {
  return page.evaluate(ceremony, [kind, options, overrides] as [string, Record<string, unknown>, Record<string, unknown>]);
}

/** The passkey key as docs/format.md defines it (the web app computes the same with WebCrypto). */
export function passkeyKey(prfOutput: string, userId: string, credentialId: string): string {
  const info = Buffer.from(`coffer/v1/passkey-key\0${userId}\0${credentialId}`, 'utf8');
  return Buffer.from(hkdfSync('sha256', Buffer.from(prfOutput, 'base64url'), Buffer.alloc(0), info, 32)).toString('base64url');
}
