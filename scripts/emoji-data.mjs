// Builds public/emoji.json, the emoji picker's data, from the emojibase-data
// npm package (MIT, https://emojibase.dev), in English and French. The app
// fetches it the first time the picker opens; it is not in the wasm bundle.
//   npm install --prefix /tmp/emoji emojibase-data@17.0.0
//   node scripts/emoji-data.mjs /tmp/emoji/node_modules/emojibase-data > public/emoji.json
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.argv[2];
if (!root) {
  console.error('usage: node scripts/emoji-data.mjs <path to emojibase-data>');
  process.exit(2);
}
const load = (path) => JSON.parse(readFileSync(join(root, path), 'utf8'));
const en = load('en/compact.json');
const fr = new Map(load('fr/compact.json').map((emoji) => [emoji.hexcode, emoji]));
const groupsEn = load('en/messages.json').groups;
const groupsFr = load('fr/messages.json').groups;

// Group 2 holds skin tone and hair components, not emoji to send.
const groups = groupsEn
  .filter((group) => group.order !== 2)
  .map((group) => ({
    key: group.key,
    en: group.message,
    fr: groupsFr.find((other) => other.key === group.key)?.message ?? group.message,
    emoji: [],
  }));
const byOrder = new Map(groupsEn.filter((g) => g.order !== 2).map((g, index) => [g.order, index]));

for (const emoji of [...en].sort((a, b) => (a.order ?? 0) - (b.order ?? 0))) {
  const index = byOrder.get(emoji.group);
  if (index === undefined) continue;
  const french = fr.get(emoji.hexcode);
  const keywords = new Set([...(emoji.tags ?? []), ...(french?.tags ?? [])]);
  // [character, English name, French name, keywords in both languages]
  groups[index].emoji.push([
    emoji.unicode,
    emoji.label,
    french?.label ?? emoji.label,
    [...keywords].join(' '),
  ]);
}
process.stdout.write(JSON.stringify({ source: 'emojibase-data 17.0.0 (MIT)', groups }));
