import { describe, expect, it } from 'vitest';
import { forName, ofName } from '../../src/web/app/format.ts';
import fr from '../../src/web/i18n/fr.json' with { type: 'json' };
import en from '../../src/web/i18n/en.json' with { type: 'json' };

const fill = (template: string, values: Record<string, string>) => template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => values[k] ?? `{{${k}}}`);

describe('B7 names in the pages’ sentences', () => {
  it('B7 French elides and contracts « de » before a child’s name and the board’s name; English says "of"', () => {
    expect(ofName('fr', 'Annie Tremblay', 'person')).toBe('d’Annie Tremblay');
    expect(ofName('fr', 'Léa Lavoie', 'person')).toBe('de Léa Lavoie');
    expect(ofName('fr', 'Centre de services scolaire des Bleuets', 'organisation')).toBe('du Centre de services scolaire des Bleuets');
    expect(ofName('fr', 'École primaire des Bleuets', 'organisation')).toBe('de l’École primaire des Bleuets');
    expect(ofName('en', 'Annie Tremblay', 'person')).toBe('of Annie Tremblay');
    expect(ofName('en', 'Centre de services scolaire des Bleuets', 'organisation')).toBe('of Centre de services scolaire des Bleuets');
  });

  it('B7 the home and school pages’ sentences read « Groupes d’Annie », « Les écoles du Centre… », « Groupes de l’École… »', () => {
    expect(fill(fr.home.childGroups, { ofName: ofName('fr', 'Annie Tremblay', 'person') })).toBe('Groupes d’Annie Tremblay');
    expect(fill(fr.home.boardIntro, { ofBoard: ofName('fr', 'Centre de services scolaire des Bleuets', 'organisation') })).toMatch(
      /^Les écoles du Centre de services scolaire des Bleuets\. /,
    );
    expect(fill(fr.school.groupsCaption, { ofName: ofName('fr', 'École primaire des Bleuets', 'organisation') })).toBe('Groupes de l’École primaire des Bleuets');
    expect(fill(en.home.childGroups, { ofName: ofName('en', 'Annie Tremblay', 'person') })).toBe('Class groups of Annie Tremblay');
    expect(fill(en.school.groupsCaption, { ofName: ofName('en', 'Bleuets', 'organisation') })).toBe('Class groups of Bleuets');
  });

  it('B7 the student page’s restriction sentences elide « de » before the guardian’s name; English says "for"', () => {
    type Key = 'restrictLegend' | 'restrictedDone' | 'liftedDone';
    const fr_ = (key: Key, name: string) => fill(fr.student[key], { forName: forName('fr', name, 'person'), name });
    const en_ = (key: Key, name: string) => fill(en.student[key], { forName: forName('en', name, 'person'), name });
    expect(fr_('restrictLegend', 'Annie Tremblay')).toBe('Restreindre l’accès d’Annie Tremblay');
    expect(fr_('restrictLegend', 'Marc Roy')).toBe('Restreindre l’accès de Marc Roy');
    expect(fr_('restrictedDone', 'Hélène Roy')).toBe('L’accès d’Hélène Roy est maintenant restreint.');
    expect(fr_('liftedDone', 'Annie Tremblay')).toBe('L’accès d’Annie Tremblay est rétabli.');
    expect(en_('restrictLegend', 'Annie Tremblay')).toBe('Restrict access for Annie Tremblay');
    expect(en_('restrictedDone', 'Annie Tremblay')).toBe('Access for Annie Tremblay is now restricted.');
    expect(en_('liftedDone', 'Annie Tremblay')).toBe('Access for Annie Tremblay is restored.');
  });

  it('B7 a held import names a guardian « parent d’Annie », not « parent de Annie »', () => {
    expect(fill(fr.admin.holdLink, { guardian: 'Marc Tremblay', ofStudent: ofName('fr', 'Annie Tremblay', 'person') })).toBe('Marc Tremblay (parent d’Annie Tremblay)');
    expect(fill(en.admin.holdLink, { guardian: 'Marc Tremblay', ofStudent: ofName('en', 'Annie Tremblay', 'person') })).toBe('Marc Tremblay (guardian of Annie Tremblay)');
  });

  it('B7 no sentence of the catalogues puts « de » or « à » before a name by itself', () => {
    const sentences = JSON.stringify(fr);
    expect(sentences.match(/(^|[\s("’'])(de|à) \{\{(?!count|percent|extension|initial)\w+\}\}/g)).toBeNull();
  });
});
