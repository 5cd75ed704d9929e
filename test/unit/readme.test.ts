// The README is the user's manual: these tests keep it true to the manifest. Every command a user can run from the
// palette, every setting (with its default) and every documentation image is in it, and every relative link in it
// points at a file that exists.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

interface CommandContribution {
  command: string;
  title: string;
  category?: string;
}
interface SettingContribution {
  default?: unknown;
  markdownDescription?: string;
  description?: string;
  deprecationMessage?: string;
}

function paletteHidden(): Set<string> {
  const hidden = new Set<string>();
  for (const entry of manifest.contributes?.menus?.commandPalette ?? []) if (entry.when === 'false') hidden.add(entry.command);
  return hidden;
}

function settings(): Array<[string, SettingContribution]> {
  const configuration = manifest.contributes.configuration;
  const sections = Array.isArray(configuration) ? configuration : [configuration];
  return sections.flatMap((section: { properties: Record<string, SettingContribution> }) => Object.entries(section.properties));
}

describe('README.md', () => {
  it('names every command of the command palette by its title', () => {
    const hidden = paletteHidden();
    const commands = (manifest.contributes.commands as CommandContribution[]).filter((c) => !hidden.has(c.command));
    assert.ok(commands.length >= 10, `only ${commands.length} commands in the manifest`);
    const missing = commands.filter((c) => !readme.includes(c.title));
    assert.deepEqual(missing.map((c) => `${c.command} ("${c.title}")`), [], 'commands missing from the README');
  });

  it('documents every setting with its default, and the manifest describes each one', () => {
    const all = settings();
    assert.ok(all.length >= 3, `only ${all.length} settings in the manifest`);
    for (const [name, setting] of all) {
      assert.ok(setting.markdownDescription || setting.description, `${name} has no description in the manifest`);
      assert.ok('default' in setting, `${name} has no default in the manifest`);
      // The README's settings table has a row `| \`name\` | default | … |`.
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${name}\` |`));
      assert.ok(row, `README has no settings-table row for ${name}`);
      const shown = JSON.stringify(setting.default);
      assert.ok(row.includes(shown) || row.includes(`\`${shown}\``), `README row for ${name} does not show its default ${shown}: ${row}`);
    }
  });

  it('has working relative links and images, and shows every documentation image', () => {
    const targets = [...readme.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]).filter((t) => !/^[a-z]+:/i.test(t) && !t.startsWith('#'));
    assert.ok(targets.length > 5, 'the README has almost no relative links');
    const broken = targets.filter((t) => !fs.existsSync(path.join(ROOT, decodeURIComponent(t.split('#')[0]))));
    assert.deepEqual(broken, [], 'README links to files that do not exist');
    const images = fs.readdirSync(path.join(ROOT, 'docs/images')).filter((f) => f.endsWith('.png'));
    assert.ok(images.length >= 6, `only ${images.length} documentation images`);
    const unused = images.filter((f) => !readme.includes(`docs/images/${f}`));
    assert.deepEqual(unused, [], 'documentation images the README does not show');
  });

  it('keeps the two set-up commands', () => {
    assert.match(readme, /^npm start\b/m);
    assert.match(readme, /^npm test\b/m);
  });
});
