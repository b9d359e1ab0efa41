import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { useApiData } from '../app/useApiData.ts';
import { Link } from '../app/router.tsx';
import { paths } from '../app/routes.ts';
import { compareByName, formatGrades, ofName } from '../app/format.ts';
import { Fact, LoadState, TableSection, useTitle } from '../app/ui.tsx';
import { useLocale } from '../i18n/index.ts';

export function SchoolPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { state, reload } = useApiData((signal) => api.school(id, signal), [id]);
  useTitle(state.status === 'ready' ? state.data.school.name : t('app.loading'));
  if (state.status !== 'ready') return <LoadState state={state} onRetry={reload} />;

  const { school, classGroups } = state.data;
  const sorted = [...classGroups].sort(compareByName(locale));
  const totalStudents = classGroups.reduce((n, g) => n + g.studentCount, 0);

  return (
    <>
      <div className="page-heading">
        <h1>{school.name}</h1>
        <dl className="facts">
          {school.code ? <Fact label={t('school.code')}>{school.code}</Fact> : null}
          <Fact label={t('admin.count.classGroups')}>{t('counts.groups', { count: classGroups.length })}</Fact>
          <Fact label={t('admin.count.students')}>{t('counts.students', { count: totalStudents })}</Fact>
        </dl>
      </div>
      <TableSection
        id="school-groups-title"
        title={t('school.groupsTitle')}
        isEmpty={sorted.length === 0}
        emptyText={t('school.noGroups')}
        region={t('school.tableRegion')}
        caption={t('school.groupsCaption', { ofName: ofName(locale, school.name, 'organisation') })}
      >
        <thead>
          <tr>
            <th scope="col">{t('school.colGroup')}</th>
            <th scope="col">{t('school.colYear')}</th>
            <th scope="col">{t('school.colGrades')}</th>
            <th scope="col" className="num">{t('school.colStudents')}</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((g) => (
            <tr key={g.id}>
              <th scope="row">
                <Link href={paths.classGroup(g.id)}>{g.name}</Link>
              </th>
              <td>{g.schoolYear.name}</td>
              <td>{formatGrades(g.grades, locale) ?? ''}</td>
              <td className="num">{g.studentCount}</td>
            </tr>
          ))}
        </tbody>
      </TableSection>
    </>
  );
}
