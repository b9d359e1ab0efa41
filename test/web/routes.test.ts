import { describe, expect, it } from 'vitest';
import { isPublicRoute, matchRoute, oidcErrorFromSearch, paths, safeReturnPath, tokenFromHash } from '../../src/web/app/routes.ts';

const id = '3f1c2b9e-6c55-4f0e-9d0f-0a4e3c1b2a10';

describe('matchRoute', () => {
  it('matches every page', () => {
    expect(matchRoute('/')).toEqual({ name: 'home' });
    expect(matchRoute('/connexion')).toEqual({ name: 'signIn' });
    expect(matchRoute('/connexion/')).toEqual({ name: 'signIn' });
    expect(matchRoute('/connexion/lien')).toEqual({ name: 'magicLink' });
    expect(matchRoute('/connexion/mot-de-passe')).toEqual({ name: 'password' });
    expect(matchRoute('/admin')).toEqual({ name: 'admin' });
    expect(matchRoute(`/classes/${id}`)).toEqual({ name: 'classGroup', id });
    expect(matchRoute(`/ecoles/${id}`)).toEqual({ name: 'school', id });
    expect(matchRoute(`/eleves/${id}/`)).toEqual({ name: 'student', id });
  });

  it('answers notFound for anything else', () => {
    for (const path of ['/classes', '/classes/', '/eleves/a/b', '/inconnu', '/admin/x', '/ecoles/%E0%A4%A', '/api/session']) {
      expect(matchRoute(path)).toEqual({ name: 'notFound' });
    }
  });

  it('round-trips the paths it builds', () => {
    expect(matchRoute(paths.classGroup(id))).toEqual({ name: 'classGroup', id });
    expect(matchRoute(paths.student('é 1'))).toEqual({ name: 'student', id: 'é 1' });
    expect(matchRoute(paths.school(id))).toEqual({ name: 'school', id });
    expect(matchRoute(paths.admin())).toEqual({ name: 'admin' });
  });

  it('knows the pages open without a session', () => {
    expect(isPublicRoute(matchRoute('/connexion'))).toBe(true);
    expect(isPublicRoute(matchRoute('/connexion/lien'))).toBe(true);
    expect(isPublicRoute(matchRoute('/connexion/mot-de-passe'))).toBe(true);
    expect(isPublicRoute(matchRoute('/'))).toBe(false);
    expect(isPublicRoute(matchRoute('/admin'))).toBe(false);
  });
});

describe('safeReturnPath', () => {
  it('accepts pages of this site', () => {
    expect(safeReturnPath(`/classes/${id}`)).toBe(`/classes/${id}`);
    expect(safeReturnPath('/admin?x=1')).toBe('/admin?x=1');
  });

  it('refuses other sites, the sign-in pages and junk', () => {
    for (const value of [null, undefined, '', 'https://evil.example/', '//evil.example/x', '/\\evil.example', 'admin', '/connexion', '/connexion/lien', '/connexion/mot-de-passe', '/nulle-part', '/admin\n']) {
      expect(safeReturnPath(value)).toBeNull();
    }
  });
});

describe('tokenFromHash', () => {
  it('reads the token of the link fragment', () => {
    expect(tokenFromHash('#abcDEF123_-xyz')).toBe('abcDEF123_-xyz');
    expect(tokenFromHash('abc')).toBe('abc');
    expect(tokenFromHash('#token=abc')).toBe('abc');
  });

  it('rejects an empty or malformed fragment', () => {
    expect(tokenFromHash('')).toBeNull();
    expect(tokenFromHash('#')).toBeNull();
    expect(tokenFromHash('#a b')).toBeNull();
    expect(tokenFromHash('#%E0%A4%A')).toBeNull();
    expect(tokenFromHash(`#${'a'.repeat(600)}`)).toBeNull();
  });
});

describe('oidcErrorFromSearch', () => {
  it('recognises the identity provider refusals only', () => {
    expect(oidcErrorFromSearch('?erreur=auth.oidc_failed')).toBe('failed');
    expect(oidcErrorFromSearch('?erreur=auth.oidc_unknown_person')).toBe('unknown_person');
    expect(oidcErrorFromSearch('?erreur=auth.oidc_unavailable')).toBe('unavailable');
    expect(oidcErrorFromSearch('?erreur=<script>')).toBeNull();
    expect(oidcErrorFromSearch('')).toBeNull();
  });
});
