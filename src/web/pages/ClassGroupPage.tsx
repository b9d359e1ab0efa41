import { useTranslation } from 'react-i18next';
import { api, type SignedInSession } from '../api/client.ts';
import { useApiData } from '../app/useApiData.ts';
import { Link } from '../app/router.tsx';
import { paths } from '../app/routes.ts';
import { compareByFamilyName, distinctPreferredName, formatGrades, fullName, listName } from '../app/format.ts';
import { Fact, LoadState, TableSection, useTitle } from '../app/ui.tsx';
import { useLocale } from '../i18n/index.ts';

export function ClassGroupPage({ id, session }: { id: string; session: SignedInSession }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { state, reload } = useApiData((signal) => api.classGroup(id, signal), [id]);
  useTitle(state.status === 'ready' ? state.data.classGroup.name : t('app.loading'));
  if (state.status !== 'ready') return <LoadState state={state} onRetry={reload} />;

  const { classGroup, teachers, students, can } = state.data;
  const sorted = [...students].sort(compareByFamilyName(locale));
  // The preferred-name column only appears when some student goes by another first name.
  const anyPreferred = sorted.some((s) => distinctPreferredName(s) !== null);
  const grades = formatGrades(classGroup.grades, locale);

  return (
    <>
      <div className="page-heading">
        <h1>{classGroup.name}</h1>
        <dl className="facts">
          <Fact label={t('classGroup.school')}>
            {can.readSchool ? <Link href={paths.school(classGroup.schoolId)}>{classGroup.schoolName}</Link> : classGroup.schoolName}
          </Fact>
          <Fact label={t('classGroup.year')}>{classGroup.schoolYear.name}</Fact>
          {grades ? <Fact label={t('classGroup.grades')}>{grades}</Fact> : null}
          {classGroup.code ? <Fact label={t('classGroup.code')}>{classGroup.code}</Fact> : null}
        </dl>
      </div>

      <section className="section" aria-labelledby="teachers-title">
        <h2 id="teachers-title">{t('classGroup.teachersTitle')}</h2>
        {teachers.length === 0 ? (
          <p className="empty">{t('classGroup.noTeachers')}</p>
        ) : (
          <ul className="plain-list">
            {teachers.map((p) => (
              <li key={p.id}>{fullName(p)}</li>
            ))}
          </ul>
        )}
      </section>

      <TableSection
        id="students-title"
        title={
          <>
            {t('classGroup.studentsTitle')} <span className="heading-count">({students.length})</span>
          </>
        }
        isEmpty={sorted.length === 0}
        emptyText={t('classGroup.noStudents')}
        region={t('classGroup.tableRegion')}
        caption={t('classGroup.studentsCaption', { name: classGroup.name })}
      >
        <thead>
          <tr>
            <th scope="col">{t('classGroup.colName')}</th>
            {anyPreferred ? <th scope="col">{t('classGroup.colPreferred')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {sorted.map((s) => (
            <tr key={s.id}>
              <th scope="row">
                <Link href={paths.student(s.id)}>{listName(s)}</Link>
              </th>
              {anyPreferred ? <td>{distinctPreferredName(s) ?? ''}</td> : null}
            </tr>
          ))}
        </tbody>
      </TableSection>
    </>
  );
}
