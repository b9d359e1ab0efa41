import { useTranslation } from 'react-i18next';
import { api, type ClassGroupSummary, type SchoolSummary, type SignedInSession } from '../api/client.ts';
import { useApiData } from '../app/useApiData.ts';
import { Link } from '../app/router.tsx';
import { paths } from '../app/routes.ts';
import { homeKind } from '../app/roles.ts';
import { compareByName, distinctPreferredName, formatGrades, fullName, ofName } from '../app/format.ts';
import { LoadState, PageHeading, useTitle } from '../app/ui.tsx';
import { useLocale } from '../i18n/index.ts';

function GroupCards({ groups, showSchool, level }: { groups: ClassGroupSummary[]; showSchool: boolean; level: 'h2' | 'h3' }) {
  const Heading = level;
  const { t } = useTranslation();
  const locale = useLocale();
  const sorted = [...groups].sort(compareByName(locale));
  return (
    <ul className="cards" role="list">
      {sorted.map((g) => {
        const grades = formatGrades(g.grades, locale);
        return (
          <li key={g.id} className="card card-link">
            <Heading className="card-title">
              <Link href={paths.classGroup(g.id)}>{g.name}</Link>
            </Heading>
            <p className="meta">
              {showSchool ? t('home.groupMeta', { school: g.schoolName, year: g.schoolYear.name }) : g.schoolYear.name}
              {grades ? ` · ${t('student.grades', { grades })}` : ''}
            </p>
            <p className="count">{t('counts.students', { count: g.studentCount })}</p>
          </li>
        );
      })}
    </ul>
  );
}

function SchoolCards({ schools, level }: { schools: SchoolSummary[]; level: 'h2' | 'h3' }) {
  const Heading = level;
  const { t } = useTranslation();
  const locale = useLocale();
  const sorted = [...schools].sort(compareByName(locale));
  return (
    <ul className="cards" role="list">
      {sorted.map((s) => (
        <li key={s.id} className="card card-link">
          <Heading className="card-title">
            <Link href={paths.school(s.id)}>{s.name}</Link>
          </Heading>
          <p className="count">
            {t('counts.groups', { count: s.classGroupCount })} · {t('counts.students', { count: s.studentCount })}
          </p>
        </li>
      ))}
    </ul>
  );
}

function GuardianHome() {
  const { t } = useTranslation();
  const locale = useLocale();
  useTitle(t('home.childrenTitle'));
  const { state, reload } = useApiData((signal) => api.children(signal), []);
  if (state.status !== 'ready') return <LoadState state={state} onRetry={reload} />;
  const { children } = state.data;
  return (
    <>
      <PageHeading>{t('home.childrenTitle')}</PageHeading>
      {children.length === 0 ? (
        <p className="empty">{t('home.noChildren')}</p>
      ) : (
        <ul className="cards" role="list">
          {children.map((child) => {
            const name = fullName(child);
            const preferred = distinctPreferredName(child);
            return (
              <li key={child.id} className="card card-link">
                <h2 className="card-title">
                  <Link href={paths.student(child.id)}>{name}</Link>
                </h2>
                {preferred ? <p className="meta">{t('student.preferredName', { name: preferred })}</p> : null}
                {child.classGroups.length === 0 ? (
                  <p className="meta">{t('home.noChildGroups')}</p>
                ) : (
                  <ul className="plain-list" aria-label={t('home.childGroups', { ofName: ofName(locale, name, 'person') })}>
                    {child.classGroups.map((g) => (
                      <li key={g.id}>
                        {g.name} <span className="meta">· {g.schoolName}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}

function StudentHome({ session }: { session: SignedInSession }) {
  const { t } = useTranslation();
  const title = t('home.studentTitle', { name: session.person.givenName });
  useTitle(title);
  return (
    <>
      <PageHeading>{title}</PageHeading>
      <ul className="cards" role="list">
        <li className="card card-link">
          <h2 className="card-title">
            <Link href={paths.student(session.person.id)}>{t('home.myFile')}</Link>
          </h2>
          <p className="meta">{t('home.myFileText')}</p>
        </li>
      </ul>
    </>
  );
}

function TeacherHome() {
  const { t } = useTranslation();
  useTitle(t('home.groupsTitle'));
  const { state, reload } = useApiData((signal) => api.classes(signal), []);
  if (state.status !== 'ready') return <LoadState state={state} onRetry={reload} />;
  const groups = state.data.classGroups;
  const schools = new Set(groups.map((g) => g.schoolId));
  return (
    <>
      <PageHeading>{t('home.groupsTitle')}</PageHeading>
      {groups.length === 0 ? <p className="empty">{t('home.noGroups')}</p> : <GroupCards groups={groups} showSchool={schools.size > 1} level="h2" />}
    </>
  );
}

function SchoolLeaderHome() {
  const { t } = useTranslation();
  const { state, reload } = useApiData(
    (signal) => Promise.all([api.schools(signal), api.classes(signal)]).then(([s, c]) => ({ schools: s.schools, classGroups: c.classGroups })),
    [],
  );
  const count = state.status === 'ready' ? state.data.schools.length : 1;
  const title = t('home.schoolTitle', { count: Math.max(count, 1) });
  useTitle(title);
  if (state.status !== 'ready') return <LoadState state={state} onRetry={reload} />;
  const { schools, classGroups } = state.data;
  return (
    <>
      <PageHeading>{title}</PageHeading>
      {schools.length === 0 ? <p className="empty">{t('home.noSchools')}</p> : <SchoolCards schools={schools} level="h2" />}
      <section className="section" aria-labelledby="home-groups">
        <h2 id="home-groups">{t('home.schoolGroupsTitle')}</h2>
        {classGroups.length === 0 ? (
          <p className="empty">{t('school.noGroups')}</p>
        ) : (
          <GroupCards groups={classGroups} showSchool={schools.length > 1} level="h3" />
        )}
      </section>
    </>
  );
}

function BoardHome({ session }: { session: SignedInSession }) {
  const { t } = useTranslation();
  const locale = useLocale();
  useTitle(t('home.boardSchoolsTitle'));
  const { state, reload } = useApiData((signal) => api.schools(signal), []);
  if (state.status !== 'ready') return <LoadState state={state} onRetry={reload} />;
  return (
    <>
      <PageHeading lead={t('home.boardIntro', { ofBoard: ofName(locale, session.board.name, 'organisation') })}>{t('home.boardSchoolsTitle')}</PageHeading>
      {state.data.schools.length === 0 ? <p className="empty">{t('home.noSchools')}</p> : <SchoolCards schools={state.data.schools} level="h2" />}
    </>
  );
}

function NoRoleHome({ session }: { session: SignedInSession }) {
  const { t } = useTranslation();
  const title = t('home.welcomeTitle', { name: session.person.givenName });
  useTitle(title);
  return (
    <>
      <PageHeading>{title}</PageHeading>
      <p className="empty">{t('home.noRole')}</p>
    </>
  );
}

/** The home page depends on who signed in. */
export function HomePage({ session }: { session: SignedInSession }) {
  switch (homeKind(session)) {
    case 'guardian':
      return <GuardianHome />;
    case 'student':
      return <StudentHome session={session} />;
    case 'board':
      return <BoardHome session={session} />;
    case 'school':
      return <SchoolLeaderHome />;
    case 'teacher':
      return <TeacherHome />;
    default:
      return <NoRoleHome session={session} />;
  }
}
