// tuf-js reads a repository that `ota publish` wrote: refresh, then download and verify one target.
// usage: node verify-repo.js METADATA_URL TARGETS_URL TRUSTED_ROOT WORK_DIR TARGET_PATH
'use strict';
const fs = require('fs');
const path = require('path');
const { Updater } = require('tuf-js');

async function main() {
  const [metadataUrl, targetsUrl, trustedRoot, workDir, targetPath] = process.argv.slice(2);
  const metadataDir = path.join(workDir, 'metadata');
  const targetDir = path.join(workDir, 'targets');
  fs.mkdirSync(metadataDir, { recursive: true });
  fs.mkdirSync(targetDir, { recursive: true });
  fs.copyFileSync(trustedRoot, path.join(metadataDir, 'root.json'));
  const updater = new Updater({ metadataDir, metadataBaseUrl: metadataUrl, targetDir, targetBaseUrl: targetsUrl });
  await updater.refresh();
  const info = await updater.getTargetInfo(targetPath);
  if (!info) throw new Error(`tuf-js found no target ${targetPath}`);
  const file = await updater.downloadTarget(info, path.join(targetDir, 'downloaded'));
  const root = JSON.parse(fs.readFileSync(path.join(metadataDir, 'root.json')));
  console.log(JSON.stringify({ ok: true, file, length: info.length, custom: info.custom, rootVersion: root.signed.version }));
}

main().catch((e) => {
  console.error(`tuf-js refused: ${e.name}: ${e.message}`);
  process.exit(1);
});
