import { describe, expect, it } from 'vitest';
import { startsWithElision, withPreposition } from '../../../src/domain/people/french-words.ts';

describe('B7 « de » and « à » before a name, as French writes them', () => {
  it('B7 a person’s name starting with a vowel elides « de »: « d’Annie », « d’Émile », « d’Yves »', () => {
    expect(withPreposition('de', 'Annie Tremblay', 'person')).toBe('d’Annie Tremblay');
    expect(withPreposition('de', 'Olivier Roy', 'person')).toBe('d’Olivier Roy');
    expect(withPreposition('de', 'Ugo', 'person')).toBe('d’Ugo');
    expect(withPreposition('de', 'Yves Gagnon', 'person')).toBe('d’Yves Gagnon');
    expect(withPreposition('de', 'ève', 'person')).toBe('d’ève');
  });

  it('B7 accented capitals elide too: É, È, Ê, Î, Ô, À, Â, Œ', () => {
    expect(withPreposition('de', 'Émile Lavoie', 'person')).toBe('d’Émile Lavoie');
    expect(withPreposition('de', 'Èva', 'person')).toBe('d’Èva');
    expect(withPreposition('de', 'Êve', 'person')).toBe('d’Êve');
    expect(withPreposition('de', 'Îsa', 'person')).toBe('d’Îsa');
    expect(withPreposition('de', 'Ôdile', 'person')).toBe('d’Ôdile');
    expect(withPreposition('de', 'Àlex', 'person')).toBe('d’Àlex');
    expect(withPreposition('de', 'Âme', 'person')).toBe('d’Âme');
    expect(withPreposition('de', 'Œuvre', 'person')).toBe('d’Œuvre');
  });

  it('B7 an h is taken as mute: « d’Hélène », « d’Hugo »', () => {
    expect(withPreposition('de', 'Hélène Tremblay', 'person')).toBe('d’Hélène Tremblay');
    expect(withPreposition('de', 'hugo', 'person')).toBe('d’hugo');
  });

  it('B7 a consonant keeps « de », and « à » is never elided before a person’s name', () => {
    expect(withPreposition('de', 'Léa Lavoie', 'person')).toBe('de Léa Lavoie');
    expect(withPreposition('de', 'Zoé', 'person')).toBe('de Zoé');
    expect(withPreposition('à', 'Annie Tremblay', 'person')).toBe('à Annie Tremblay');
    expect(withPreposition('à', 'Léa', 'person')).toBe('à Léa');
  });

  it('B7 a person’s name is never read as an article: « Les », « Le », « La » are given names there', () => {
    expect(withPreposition('de', 'Les Paul', 'person')).toBe('de Les Paul');
    expect(withPreposition('à', 'Le Thi Lan', 'person')).toBe('à Le Thi Lan');
    expect(withPreposition('de', 'Centre Bell', 'person')).toBe('de Centre Bell');
  });

  it('B7 a board name whose first word is masculine contracts: « du Centre de services scolaire… », « au Centre… », « du Conseil scolaire… »', () => {
    expect(withPreposition('de', 'Centre de services scolaire des Bleuets', 'organisation')).toBe('du Centre de services scolaire des Bleuets');
    expect(withPreposition('à', 'Centre de services scolaire des Bleuets', 'organisation')).toBe('au Centre de services scolaire des Bleuets');
    expect(withPreposition('de', 'Conseil scolaire Viamonde', 'organisation')).toBe('du Conseil scolaire Viamonde');
    expect(withPreposition('à', 'Collège Jean-de-Brébeuf', 'organisation')).toBe('au Collège Jean-de-Brébeuf');
    expect(withPreposition('de', 'Lycée Victor-Hugo', 'organisation')).toBe('du Lycée Victor-Hugo');
  });

  it('B7 a feminine first word takes « de la » and « à la »', () => {
    expect(withPreposition('de', 'Commission scolaire English-Montréal', 'organisation')).toBe('de la Commission scolaire English-Montréal');
    expect(withPreposition('à', 'Polyvalente des Monts', 'organisation')).toBe('à la Polyvalente des Monts');
  });

  it('B7 a first word starting with a vowel or an accented capital takes « l’ »: « de l’École… », « à l’École… », « de l’Institut… »', () => {
    expect(withPreposition('de', 'École primaire des Bleuets', 'organisation')).toBe('de l’École primaire des Bleuets');
    expect(withPreposition('à', 'École primaire des Bleuets', 'organisation')).toBe('à l’École primaire des Bleuets');
    expect(withPreposition('à', 'école du Lac', 'organisation')).toBe('à l’école du Lac');
    expect(withPreposition('de', 'Institut Nazareth', 'organisation')).toBe('de l’Institut Nazareth');
    expect(withPreposition('de', 'Académie de Lyon', 'organisation')).toBe('de l’Académie de Lyon');
    expect(withPreposition('à', 'ÉCOLE SECONDAIRE DU LAC', 'organisation')).toBe('à l’ÉCOLE SECONDAIRE DU LAC');
  });

  it('B7 a plural first word takes « des » and « aux »', () => {
    expect(withPreposition('de', 'Écoles de la Rivière', 'organisation')).toBe('des Écoles de la Rivière');
    expect(withPreposition('à', 'Écoles de la Rivière', 'organisation')).toBe('aux Écoles de la Rivière');
    expect(withPreposition('de', 'Réseaux scolaires du Nord', 'organisation')).toBe('des Réseaux scolaires du Nord');
    expect(withPreposition('de', 'Campus Notre-Dame', 'organisation')).toBe('du Campus Notre-Dame');
  });

  it('B7 the article a name is written with contracts: le → du/au, la → de la/à la, les → des/aux, l’ → de l’/à l’', () => {
    expect(withPreposition('de', 'Le Centre de services scolaire du Lac', 'organisation')).toBe('du Centre de services scolaire du Lac');
    expect(withPreposition('à', 'Le Centre de services scolaire du Lac', 'organisation')).toBe('au Centre de services scolaire du Lac');
    expect(withPreposition('de', 'La Commission scolaire du Fleuve', 'organisation')).toBe('de la Commission scolaire du Fleuve');
    expect(withPreposition('à', 'la Cité étudiante', 'organisation')).toBe('à la Cité étudiante');
    expect(withPreposition('de', 'Les Écoles Marie-Reine', 'organisation')).toBe('des Écoles Marie-Reine');
    expect(withPreposition('à', 'Les Bleuets', 'organisation')).toBe('aux Bleuets');
    expect(withPreposition('de', 'L’École des Monts', 'organisation')).toBe('de l’École des Monts');
    expect(withPreposition('à', "L'Envolée", 'organisation')).toBe('à l’Envolée');
  });

  it('B7 an organisation named without article nor known first word is written like a person', () => {
    expect(withPreposition('de', 'Pierre-Dupuy', 'organisation')).toBe('de Pierre-Dupuy');
    expect(withPreposition('de', 'Iberville', 'organisation')).toBe('d’Iberville');
    expect(withPreposition('à', 'Toronto District School Board', 'organisation')).toBe('à Toronto District School Board');
    expect(withPreposition('de', 'Lachine', 'organisation')).toBe('de Lachine');
    expect(withPreposition('de', 'Laval', 'organisation')).toBe('de Laval');
  });

  it('B7 spaces around the name are dropped; an empty name leaves the preposition alone', () => {
    expect(withPreposition('de', '  Annie  ', 'person')).toBe('d’Annie');
    expect(withPreposition('de', '   ', 'person')).toBe('de');
  });

  it('B7 what counts as a vowel sound', () => {
    for (const w of ['Annie', 'émile', 'Île', 'Ours', 'Ulysse', 'Yann', 'Hélène', 'Œdipe', 'Ægir']) expect(startsWithElision(w), w).toBe(true);
    for (const w of ['Léa', 'Zoé', 'Noah', 'Çà', '', '3e année']) expect(startsWithElision(w), w).toBe(false);
  });
});
