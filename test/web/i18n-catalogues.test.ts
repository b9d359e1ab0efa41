import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fr from '../../src/web/i18n/fr.json' with { type: 'json' };
import en from '../../src/web/i18n/en.json' with { type: 'json' };

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(full, value);
    else for (const [k, v] of flatten(value, full)) out.set(k, v);
  }
  return out;
}

const frKeys = flatten(fr as Tree);
const enKeys = flatten(en as Tree);
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

/** Every source file of the web client. */
function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

describe('translation catalogues', () => {
  it('have exactly the same keys in French and English', () => {
    const onlyFr = [...frKeys.keys()].filter((k) => !enKeys.has(k));
    const onlyEn = [...enKeys.keys()].filter((k) => !frKeys.has(k));
    expect({ onlyFr, onlyEn }).toEqual({ onlyFr: [], onlyEn: [] });
  });

  it('have no empty text', () => {
    const empty = [...frKeys, ...enKeys].filter(([, v]) => v.trim() === '').map(([k]) => k);
    expect(empty).toEqual([]);
  });

  it('use the same placeholders in both languages', () => {
    const mismatched = [...frKeys.keys()].filter((k) => placeholders(frKeys.get(k)!).join() !== placeholders(enKeys.get(k) ?? '').join());
    expect(mismatched).toEqual([]);
  });

  it('give every plural both its _one and _other form', () => {
    const incomplete = [...frKeys.keys()]
      .filter((k) => /_(one|other)$/.test(k))
      .map((k) => k.replace(/_(one|other)$/, ''))
      .filter((base) => !frKeys.has(`${base}_one`) || !frKeys.has(`${base}_other`));
    expect(incomplete).toEqual([]);
  });

  it('contain every key the pages ask for', () => {
    const root = path.resolve(import.meta.dirname, '../../src/web');
    const missing: string[] = [];
    for (const file of sourceFiles(root)) {
      const text = fs.readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'(\s*,\s*\{[^{}()]*\bcount\b)?/g)) {
        const key = match[1]!;
        const plural = Boolean(match[2]);
        const known = plural ? frKeys.has(`${key}_one`) && frKeys.has(`${key}_other`) : frKeys.has(key);
        if (!known) missing.push(`${path.relative(root, file)}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('say the words people look for', () => {
    expect(frKeys.get('signIn.title')).toBe('Connexion à Balise');
    expect(frKeys.get('signIn.submit')).toBe('Se connecter');
    expect(frKeys.get('signIn.sendLink')).toBe('Recevoir un lien de connexion par courriel');
    expect(frKeys.get('home.childrenTitle')).toBe('Mes enfants');
    expect(frKeys.get('home.groupsTitle')).toBe('Mes groupes');
    expect(frKeys.get('language.switchTo')).toBe('English');
    expect(enKeys.get('language.switchTo')).toBe('Français');
    expect(frKeys.get('student.restrictedBadge')).toBe('Accès restreint');
    expect(frKeys.get('admin.auditVerify')).toBe('Vérifier l’intégrité du journal d’audit');
  });
});
