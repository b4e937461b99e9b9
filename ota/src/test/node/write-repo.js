// @tufjs/models writes and signs a repository (root v1 -> v2 rotation, Ed25519, ECDSA P-256 and RSA-PSS keys,
// consistent snapshots) for the streetgate client to read.
// usage: node write-repo.js OUT_DIR
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { canonicalize } = require('@tufjs/canonical-json');
const { Key, Metadata, MetaFile, Root, Signature, Snapshot, TargetFile, Targets, Timestamp } = require('@tufjs/models');

const EXPIRES = '2099-01-01T00:00:00Z';

function newKey(type) {
  const pair = type === 'ed25519' ? crypto.generateKeyPairSync('ed25519')
    : type === 'rsa' ? crypto.generateKeyPairSync('rsa', { modulusLength: 3072 })
      : crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pub = type === 'ed25519'
    ? pair.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex')
    : pair.publicKey.export({ format: 'pem', type: 'spki' });
  const scheme = { ed25519: 'ed25519', ecdsa: 'ecdsa-sha2-nistp256', rsa: 'rsassa-pss-sha256' }[type];
  const json = { keytype: type, scheme, keyval: { public: pub } };
  const keyID = crypto.createHash('sha256').update(canonicalize(json)).digest('hex');
  const key = new Key({ keyID, keyType: json.keytype, scheme: json.scheme, keyVal: json.keyval });
  // RSASSA-PSS as Node signs it by default: SHA-256, MGF1-SHA-256 and the longest salt that fits.
  const privateKey = type === 'rsa' ? { key: pair.privateKey, padding: crypto.constants.RSA_PKCS1_PSS_PADDING } : pair.privateKey;
  const signer = (data) => new Signature({
    keyID,
    sig: crypto.sign(type === 'ed25519' ? null : 'sha256', data, privateKey).toString('hex'),
  });
  return { key, keyID, signer };
}

function write(dir, name, md) {
  fs.writeFileSync(path.join(dir, name), JSON.stringify(md.toJSON(), null, 1));
}

function main() {
  const out = process.argv[2];
  const meta = path.join(out, 'metadata');
  fs.mkdirSync(path.join(out, 'targets', 'bundles'), { recursive: true });
  fs.mkdirSync(meta, { recursive: true });

  const rootKey = newKey('ed25519');
  const targetsKey = newKey('ecdsa');
  const snapshotKey = newKey('rsa');
  const timestampKey = newKey('ed25519');

  const root = new Root({ version: 1, expires: EXPIRES, consistentSnapshot: true });
  root.addKey(rootKey.key, 'root');
  root.addKey(targetsKey.key, 'targets');
  root.addKey(snapshotKey.key, 'snapshot');
  root.addKey(timestampKey.key, 'timestamp');
  const root1 = new Metadata(root);
  root1.sign(rootKey.signer);
  write(meta, '1.root.json', root1);

  // Root version 2 rotates the timestamp key and is signed by the old and the new root keys (the same key here
  // plus a second root key that joins).
  const rootKey2 = newKey('ecdsa');
  const timestampKey2 = newKey('ed25519');
  const r2 = Root.fromJSON(JSON.parse(JSON.stringify(root.toJSON())));
  r2.version = 2;
  r2.keys = { ...r2.keys };
  delete r2.keys[timestampKey.keyID];
  r2.roles.timestamp.keyIDs = [];
  r2.addKey(timestampKey2.key, 'timestamp');
  r2.addKey(rootKey2.key, 'root');
  r2.roles.root.threshold = 2;
  const root2 = new Metadata(r2);
  root2.sign(rootKey.signer);
  root2.sign(rootKey2.signer);
  write(meta, '2.root.json', root2);
  write(meta, 'root.json', root2);

  const content = Buffer.from('bundle set written by @tufjs/models\n');
  const sha256 = crypto.createHash('sha256').update(content).digest('hex');
  fs.writeFileSync(path.join(out, 'targets', 'bundles', `${sha256}.node-1.0.0.tar`), content);
  const targets = new Targets({ version: 1, expires: EXPIRES });
  targets.addTarget(new TargetFile({
    path: 'bundles/node-1.0.0.tar', length: content.length, hashes: { sha256 },
    unrecognizedFields: { custom: { streetgate: { kind: 'bundle-set', version: '1.0.0', hardware: ['rpi4'] } } },
  }));
  const targetsMd = new Metadata(targets);
  targetsMd.sign(targetsKey.signer);
  write(meta, '1.targets.json', targetsMd);

  const snapshot = new Snapshot({ version: 1, expires: EXPIRES, meta: { 'targets.json': new MetaFile({ version: 1 }) } });
  const snapshotMd = new Metadata(snapshot);
  snapshotMd.sign(snapshotKey.signer);
  write(meta, '1.snapshot.json', snapshotMd);
  const snapshotBytes = fs.readFileSync(path.join(meta, '1.snapshot.json'));

  const timestamp = new Timestamp({
    version: 1, expires: EXPIRES,
    snapshotMeta: new MetaFile({ version: 1, length: snapshotBytes.length,
      hashes: { sha256: crypto.createHash('sha256').update(snapshotBytes).digest('hex') } }),
  });
  const timestampMd = new Metadata(timestamp);
  timestampMd.sign(timestampKey2.signer);
  write(meta, 'timestamp.json', timestampMd);
  console.log(JSON.stringify({ ok: true, target: 'bundles/node-1.0.0.tar', sha256 }));
}

main();
