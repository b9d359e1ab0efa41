import { describe, expect, it } from 'vitest';
import { ofName } from '../../src/web/app/format.ts';
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
});
