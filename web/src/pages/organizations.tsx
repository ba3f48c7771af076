import { useEffect, useState } from 'preact/hooks';
import { api, type Me, type Organization } from '../api';
import { ErrorBox, Notice, SelectField, TextField } from '../components';
import { useI18n } from '../i18n';
import { formatBsShort } from '../lib/bs';
import { codeLabel, COMMITTEE_LEVELS, geoName, ORG_TYPES, useCodeList, useGeo, useGeoName } from '../refdata';

export function OrganizationsPage({ user }: { user: Me }) {
  const { t, lang } = useI18n();
  const [orgs, setOrgs] = useState<Organization[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const types = useCodeList('org_type', ORG_TYPES);
  const levels = useCodeList('committee_level', COMMITTEE_LEVELS);

  const reload = () =>
    api
      .organizations()
      .then((r) => {
        setOrgs(r.items);
        setError(null);
      })
      .catch(setError);
  useEffect(() => {
    reload();
  }, []);

  return (
    <section aria-labelledby="orgs-h">
      <h2 id="orgs-h">{t('admin.organizations')}</h2>
      {notice && <Notice>{notice}</Notice>}
      {user.roles.includes('system_admin') && (
        <OrganizationForm
          onCreated={(o) => {
            setNotice(t('org.createdOk', { name: o.name }));
            reload();
          }}
        />
      )}
      <ErrorBox error={error} />
      {orgs === null ? (
        !error && <p class="muted">{t('app.loading')}</p>
      ) : orgs.length === 0 ? (
        <p>{t('org.empty')}</p>
      ) : (
        <>
          <p class="muted">{t('org.count', { n: orgs.length })}</p>
          <table class="table" data-testid="org-table">
            <thead>
              <tr>
                <th scope="col">{t('org.name')}</th>
                <th scope="col">{t('org.type')}</th>
                <th scope="col">{t('org.level')}</th>
                <th scope="col">{t('org.jurisdiction')}</th>
                <th scope="col">{t('org.created')}</th>
              </tr>
            </thead>
            <tbody>
              {orgs.map((o) => (
                <tr key={o.id}>
                  <th scope="row" data-label={t('org.name')}>
                    {o.name}
                  </th>
                  <td data-label={t('org.type')}>{codeLabel(lang, 'orgType', o.type, types)}</td>
                  <td data-label={t('org.level')}>
                    {o.level ? codeLabel(lang, 'level', o.level, levels) : t('common.none')}
                  </td>
                  <td data-label={t('org.jurisdiction')}>
                    <Jurisdiction code={o.jurisdiction} />
                  </td>
                  <td data-label={t('org.created')}>{o.created_at ? formatBsShort(o.created_at, lang) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function Jurisdiction({ code }: { code: string | null }) {
  const { t, n, lang } = useI18n();
  const unit = useGeoName(code);
  if (!code) return <>{t('org.national')}</>;
  return (
    <>
      {unit ? geoName(lang, unit) : ''} <span class="muted">({n(code)})</span>
    </>
  );
}

function OrganizationForm({ onCreated }: { onCreated: (o: Organization) => void }) {
  const { t, lang } = useI18n();
  const types = useCodeList('org_type', ORG_TYPES);
  const levels = useCodeList('committee_level', COMMITTEE_LEVELS);
  const [name, setName] = useState('');
  const [type, setType] = useState('');
  const [level, setLevel] = useState('');
  const [province, setProvince] = useState('');
  const [district, setDistrict] = useState('');
  const [local, setLocal] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const provinces = useGeo('provinces');
  const districts = useGeo('districts', province);
  const locals = useGeo('local-levels', district);

  const committee = type === 'committee';
  // How deep the jurisdiction goes: a committee's level decides it; other organisations may choose.
  const depth = committee ? { national: 0, province: 1, district: 2, local: 3 }[level] ?? 0 : 3;

  useEffect(() => {
    if (depth < 3) setLocal('');
    if (depth < 2) setDistrict('');
    if (depth < 1) setProvince('');
  }, [depth]);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const jurisdiction = local || district || province;
      const created = await api.createOrganization({
        name: name.trim(),
        type,
        ...(committee && level ? { level } : {}),
        ...(jurisdiction ? { jurisdiction } : {}),
      });
      setName('');
      setType('');
      setLevel('');
      setProvince('');
      setDistrict('');
      setLocal('');
      onCreated(created);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const opts = (items: { code: string; name_en: string; name_ne: string }[]) =>
    items.map((u) => ({ value: u.code, label: geoName(lang, u) }));

  return (
    <details class="panel" open>
      <summary>{t('org.new')}</summary>
      <form class="stack" onSubmit={submit} aria-label={t('org.new')}>
        <TextField label={t('org.name')} name="name" value={name} onValue={setName} maxLength={200} required />
        <SelectField
          label={t('org.type')}
          name="type"
          value={type}
          onValue={setType}
          placeholder={t('common.choose')}
          required
          options={types.map((i) => ({ value: i.code, label: codeLabel(lang, 'orgType', i.code, types) }))}
        />
        {committee && (
          <SelectField
            label={t('org.level')}
            name="level"
            value={level}
            onValue={setLevel}
            placeholder={t('common.choose')}
            required
            options={levels.map((i) => ({ value: i.code, label: codeLabel(lang, 'level', i.code, levels) }))}
          />
        )}
        {depth > 0 && (
          <fieldset class="group">
            <legend>
              {t('org.jurisdiction')}
              {!committee && <span class="muted"> ({t('common.optional')})</span>}
            </legend>
            {!committee && <p class="hint">{t('org.jurisdictionHelp')}</p>}
            <SelectField
              label={t('org.province')}
              name="province"
              value={province}
              onValue={(v) => {
                setProvince(v);
                setDistrict('');
                setLocal('');
              }}
              placeholder={committee ? t('common.choose') : t('org.national')}
              required={committee}
              options={opts(provinces)}
            />
            {depth >= 2 && province && (
              <SelectField
                label={t('org.district')}
                name="district"
                value={district}
                onValue={(v) => {
                  setDistrict(v);
                  setLocal('');
                }}
                placeholder={t('common.choose')}
                required={committee}
                options={opts(districts)}
              />
            )}
            {depth >= 3 && province && district && (
              <SelectField
                label={t('org.localLevel')}
                name="local_level"
                value={local}
                onValue={setLocal}
                placeholder={t('common.choose')}
                required={committee}
                options={opts(locals)}
              />
            )}
          </fieldset>
        )}
        <ErrorBox error={error} />
        <div class="actions">
          <button type="submit" class="btn btn-primary" disabled={busy}>
            {busy ? t('common.saving') : t('org.create')}
          </button>
        </div>
      </form>
    </details>
  );
}
