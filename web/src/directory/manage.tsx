// Editing the directory: organisations, their locations and services. Directory editors and system
// administrators edit any listing, an organisation administrator its own organisation's (the server decides).
// Changes send only what changed with If-Match; a 409 offers a reload and never overwrites.
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, type DirKind, type DirLocation, type DirOrganization, type DirService, type Me } from '../api';
import { ErrorBox, FormActions, Notice, PageTitle, useId } from '../components';
import { ConflictAlert, EditPanel, translateErrors, useSaveErrors } from '../cases/edit';
import { Facts, Fields, GeoName } from '../cases/fields';
import type { SpecGroup } from '../cases/specs';
import { useI18n, type MessageKey } from '../i18n';
import { formatBsShort, localDigits } from '../lib/bs';
import { asciiDigits, diffPayload, toDraft, toPayload, validate, type Draft, type FieldErrors, type Json } from '../lib/forms';
import { geoName, useAllDistricts } from '../refdata';
import { Link, navigate } from '../router';
import {
  CAPACITY_UNITS,
  LOCATION_TYPES,
  SECTORS,
  SERVICE_STATUSES,
  SEXES,
  StaleBadge,
  TARGET_GROUPS,
  TaxonomyLabels,
  useLabel,
  useLanguages,
  useTaxonomy,
} from './common';
import { DAYS, normaliseTime, parseDecimal, scheduleError, serviceName, taxonomyTree } from './lib';

// --- field specs ---------------------------------------------------------------------------------------------------

export const ORG_GROUPS: SpecGroup[] = [
  {
    fields: [
      { path: 'name', kind: 'text', label: 'dir.name', required: true },
      { path: 'name_ne', kind: 'text', label: 'dir.name_ne' },
      { path: 'sector', kind: 'select', label: 'dir.sector', codes: SECTORS, prefix: 'sector', required: true },
      { path: 'district', kind: 'district', label: 'dir.district' },
      { path: 'description', kind: 'textarea', label: 'dir.description', wide: true },
      { path: 'phone', kind: 'tel', label: 'dir.phone' },
      { path: 'email', kind: 'text', label: 'dir.email' },
      { path: 'website', kind: 'text', label: 'dir.website' },
      { path: 'samman_organization_id', kind: 'org', label: 'dir.linkedOrg', hint: 'dir.linkedOrgHint' },
      { path: 'last_verified', kind: 'date', label: 'dir.lastVerified' },
    ],
  },
];
const ORG_SPECS = ORG_GROUPS.flatMap((g) => g.fields);

export const LOCATION_GROUPS: SpecGroup[] = [
  {
    fields: [
      { path: 'name', kind: 'text', label: 'dir.name', required: true },
      { path: 'location_type', kind: 'select', label: 'dir.locationType', codes: LOCATION_TYPES, prefix: 'locType', required: true },
      { path: 'confidential', kind: 'bool', label: 'dir.confidentialField', hint: 'dir.confidentialHint', wide: true },
      { path: 'contact_route', kind: 'text', label: 'dir.contactRoute', hint: 'dir.contactRouteHint', wide: true },
      { path: 'district', kind: 'district', label: 'dir.district', required: true },
      { path: 'local_level', kind: 'localLevel', label: 'dir.localLevel', district: 'district' },
      { path: 'ward', kind: 'number', label: 'dir.wardNo' },
      { path: 'address', kind: 'text', label: 'dir.address' },
      { path: 'phone', kind: 'tel', label: 'dir.phone' },
      { path: 'latitude', kind: 'text', label: 'dir.latitude' },
      { path: 'longitude', kind: 'text', label: 'dir.longitude' },
      { path: 'description', kind: 'textarea', label: 'dir.description', wide: true },
    ],
  },
];
const LOCATION_SPECS = LOCATION_GROUPS.flatMap((g) => g.fields);

/** The service form: the taxonomy and the districts are choices loaded at run time. */
function useServiceGroups(): SpecGroup[] {
  const { lang } = useI18n();
  const terms = useTaxonomy();
  const districts = useAllDistricts(lang);
  const languages = useLanguages();
  return useMemo(
    () => [
      {
        legend: 'dir.aboutService',
        fields: [
          { path: 'name', kind: 'text', label: 'dir.name', required: true },
          { path: 'name_ne', kind: 'text', label: 'dir.name_ne' },
          { path: 'status', kind: 'select', label: 'dir.status', codes: SERVICE_STATUSES, prefix: 'svcStatus', required: true },
          {
            path: 'taxonomy',
            kind: 'multi',
            label: 'dir.taxonomy',
            required: true,
            wide: true,
            options: taxonomyTree(terms).map(({ term }) => ({
              value: term.code,
              label: (lang === 'ne' ? term.label_ne || term.label_en : term.label_en) || term.code,
            })),
          },
          { path: 'description', kind: 'textarea', label: 'dir.descriptionEn', wide: true },
          { path: 'description_ne', kind: 'textarea', label: 'dir.descriptionNe', wide: true },
        ],
      },
      {
        legend: 'dir.whoAndHow',
        fields: [
          { path: 'eligibility_description', kind: 'textarea', label: 'dir.eligibility', wide: true },
          { path: 'minimum_age', kind: 'number', label: 'dir.minimumAge' },
          { path: 'maximum_age', kind: 'number', label: 'dir.maximumAge' },
          { path: 'sexes', kind: 'multi', label: 'dir.sexesField', codes: SEXES, prefix: 'dirSex', hint: 'dir.sexesHint', wide: true },
          { path: 'target_groups', kind: 'multi', label: 'dir.targetGroups', codes: TARGET_GROUPS, prefix: 'targetGroup', wide: true },
          { path: 'languages', kind: 'multi', label: 'dir.languages', options: languages, wide: true },
          { path: 'free', kind: 'bool', label: 'dir.freeField' },
          { path: 'fees_description', kind: 'text', label: 'dir.feesDescription', wide: true },
          { path: 'application_process', kind: 'textarea', label: 'dir.application', wide: true },
          { path: 'required_documents', kind: 'lines', label: 'dir.documents', hint: 'form.linesHint', wide: true },
          { path: 'phone', kind: 'tel', label: 'dir.phone' },
          { path: 'email', kind: 'text', label: 'dir.email' },
          { path: 'url', kind: 'text', label: 'dir.website' },
          { path: 'last_verified', kind: 'date', label: 'dir.lastVerified' },
        ],
      },
      {
        legend: 'dir.areas',
        more: true,
        fields: [
          {
            path: 'service_areas',
            kind: 'multi',
            label: 'dir.areasField',
            wide: true,
            options: districts.map((d) => ({ value: d.code, label: geoName(lang, d) })),
          },
        ],
      },
    ],
    [terms, districts, lang, languages.length],
  );
}

// --- the list of organisations -----------------------------------------------------------------------------------------

export function ManageHome() {
  const { t, lang } = useI18n();
  const label = useLabel();
  const [q, setQ] = useState('');
  const [items, setItems] = useState<DirOrganization[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [adding, setAdding] = useState(false);
  const qId = useId('mq');
  const load = (text = q) =>
    api
      .dirOrganizations(text.trim())
      .then((r) => {
        setItems(r.items);
        setError(null);
      })
      .catch(setError);
  useEffect(() => {
    load('');
  }, []);

  return (
    <>
      <p class="back-link">
        <Link href="/directory">← {t('dir.title')}</Link>
      </p>
      <div class="title-row">
        <PageTitle>{t('dir.manageTitle')}</PageTitle>
        {!adding && (
          <button type="button" class="btn btn-primary" onClick={() => setAdding(true)}>
            {t('dir.newOrg')}
          </button>
        )}
      </div>
      <p class="muted">{t('dir.manageIntro')}</p>
      {adding && (
        <DirForm<DirOrganization>
          kind="organizations"
          title={t('dir.newOrg')}
          groups={ORG_GROUPS}
          onCancel={() => setAdding(false)}
          onSaved={(o) => navigate(`/directory/manage/organizations/${o.id}`)}
        />
      )}
      <form
        class="panel search"
        role="search"
        aria-label={t('dir.searchOrgs')}
        onSubmit={(e) => {
          e.preventDefault();
          load();
        }}
      >
        <div class="field">
          <label for={qId}>{t('dir.searchOrgs')}</label>
          <div class="search-row">
            <input id={qId} type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} autoComplete="off" />
            <button type="submit" class="btn btn-primary">
              {t('cases.searchButton')}
            </button>
          </div>
        </div>
      </form>
      <ErrorBox error={error} />
      {items === null ? (
        !error && <p class="muted">{t('app.loading')}</p>
      ) : items.length === 0 ? (
        <p class="muted">{t('dir.noOrgs')}</p>
      ) : (
        <table class="table" data-testid="dir-orgs">
          <thead>
            <tr>
              <th scope="col">{t('dir.name')}</th>
              <th scope="col">{t('dir.sector')}</th>
              <th scope="col">{t('dir.district')}</th>
              <th scope="col">{t('dir.lastVerified')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((o) => (
              <tr key={o.id}>
                <th scope="row" data-label={t('dir.name')}>
                  <Link href={`/directory/manage/organizations/${o.id}`}>{lang === 'ne' && o.name_ne ? o.name_ne : o.name}</Link>
                </th>
                <td data-label={t('dir.sector')}>{label('sector', o.sector)}</td>
                <td data-label={t('dir.district')}>
                  <GeoName code={o.district} />
                </td>
                <td data-label={t('dir.lastVerified')}>
                  {o.last_verified ? formatBsShort(o.last_verified, lang) : t('common.none')} <StaleBadge stale={o.stale} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

// --- one organisation with its locations and services ------------------------------------------------------------------

export function ManageOrganization({ id }: { id: string; user: Me }) {
  const { t, lang } = useI18n();
  const [org, setOrg] = useState<DirOrganization | null>(null);
  const [locations, setLocations] = useState<DirLocation[] | null>(null);
  const [services, setServices] = useState<DirService[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [adding, setAdding] = useState<'' | 'location' | 'service'>('');
  const [notice, setNotice] = useState('');

  const loadOrg = async () => setOrg(await api.dirOrganization(id));
  const loadLocations = () => api.dirLocations(id).then((r) => setLocations(r.items), setError);
  const loadServices = () => api.dirServices(id).then((r) => setServices(r.items), setError);
  useEffect(() => {
    loadOrg().catch(setError);
    loadLocations();
    loadServices();
  }, [id]);

  const back = (
    <p class="back-link">
      <Link href="/directory/manage">← {t('dir.manageTitle')}</Link>
    </p>
  );
  if (!org) {
    return (
      <>
        {back}
        {error ? <ErrorBox error={error} /> : <p class="muted">{t('app.loading')}</p>}
      </>
    );
  }
  const save = async (changes: Json, version: number) => {
    setOrg(await api.dirUpdate<DirOrganization>('organizations', id, version, changes));
  };

  return (
    <>
      {back}
      <div class="title-row">
        <PageTitle>{lang === 'ne' && org.name_ne ? org.name_ne : org.name}</PageTitle>
        <DeleteButton kind="organizations" id={org.id} name={org.name} onDeleted={() => navigate('/directory/manage')} />
      </div>
      {notice && <Notice>{notice}</Notice>}
      {org.stale && <p class="alert alert-warn">{t(org.last_verified ? 'dir.staleBody' : 'dir.neverVerifiedBody')}</p>}
      <EditPanel
        title="dir.orgDetails"
        groups={ORG_GROUPS}
        obj={org}
        version={org.version}
        prefix=""
        what="record"
        save={save}
        reload={loadOrg}
        view={<Facts specs={ORG_SPECS} obj={org} />}
      />

      <section class="panel" aria-labelledby="locs-h" data-testid="dir-locations">
        <div class="title-row">
          <h2 id="locs-h">{t('dir.locations')}</h2>
          {adding !== 'location' && (
            <button type="button" class="btn btn-small btn-primary" onClick={() => (setAdding('location'), setNotice(''))}>
              {t('dir.addLocation')}
            </button>
          )}
        </div>
        {adding === 'location' && (
          <DirForm<DirLocation>
            kind="locations"
            title={t('dir.addLocation')}
            groups={LOCATION_GROUPS}
            fixed={{ organization_id: id }}
            initial={{ location_type: 'physical', district: org.district ?? '' }}
            convert={locationPayload}
            check={locationCheck}
            onCancel={() => setAdding('')}
            onSaved={() => {
              setAdding('');
              setNotice(t('items.added'));
              loadLocations();
            }}
          />
        )}
        {locations === null ? (
          <p class="muted">{t('app.loading')}</p>
        ) : locations.length === 0 ? (
          <p class="muted">{t('dir.noLocations')}</p>
        ) : (
          <ul class="item-list">
            {locations.map((l) => (
              <LocationItem key={l.id} loc={l} onChanged={loadLocations} />
            ))}
          </ul>
        )}
      </section>

      <section class="panel" aria-labelledby="svcs-h" data-testid="dir-services">
        <div class="title-row">
          <h2 id="svcs-h">{t('dir.services')}</h2>
          {adding !== 'service' && (
            <button type="button" class="btn btn-small btn-primary" onClick={() => (setAdding('service'), setNotice(''))}>
              {t('dir.addService')}
            </button>
          )}
        </div>
        {adding === 'service' && (
          <ServiceForm
            orgId={id}
            locations={locations ?? []}
            onCancel={() => setAdding('')}
            onSaved={() => {
              setAdding('');
              setNotice(t('items.added'));
              loadServices();
            }}
          />
        )}
        {services === null ? (
          <p class="muted">{t('app.loading')}</p>
        ) : services.length === 0 ? (
          <p class="muted">{t('dir.noServices')}</p>
        ) : (
          <ul class="item-list">
            {services.map((s) => (
              <ServiceItem key={s.id} service={s} locations={locations ?? []} onChanged={loadServices} />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function locationPayload(p: Json): Json {
  const out = { ...p };
  for (const k of ['latitude', 'longitude']) {
    if (k in out) {
      const v = parseDecimal(String(out[k] ?? ''));
      out[k] = v === undefined ? out[k] : v;
    }
  }
  return out;
}

function locationCheck(d: Draft): Record<string, MessageKey> {
  const e: Record<string, MessageKey> = {};
  for (const k of ['latitude', 'longitude']) if (parseDecimal(String(d[k] ?? '')) === undefined) e[k] = 'dir.err.decimal';
  return e;
}

function LocationItem({ loc, onChanged }: { loc: DirLocation; onChanged: () => void }) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  if (editing) {
    return (
      <li class="item">
        <DirForm<DirLocation>
          kind="locations"
          title={t('items.editTitle', { what: loc.name })}
          groups={LOCATION_GROUPS}
          obj={loc}
          convert={locationPayload}
          check={locationCheck}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            onChanged();
          }}
          onReload={async () => {
            setEditing(false);
            onChanged();
          }}
        />
      </li>
    );
  }
  return (
    <li class="item" data-testid="dir-location">
      <div class="item-head">
        <h3>{loc.name}</h3>
        {loc.confidential && <span class="badge badge-warn">{t('dir.confidential')}</span>}
      </div>
      <Facts specs={LOCATION_SPECS} obj={loc} skip={['name', 'confidential']} />
      <div class="actions">
        <button type="button" class="btn btn-small" onClick={() => setEditing(true)}>
          {t('edit.edit')}
          <span class="sr-only"> {loc.name}</span>
        </button>
        <DeleteButton kind="locations" id={loc.id} name={loc.name} onDeleted={onChanged} />
      </div>
    </li>
  );
}

function ServiceItem({ service, locations, onChanged }: { service: DirService; locations: DirLocation[]; onChanged: () => void }) {
  const { t, lang } = useI18n();
  const terms = useTaxonomy();
  const label = useLabel();
  const [editing, setEditing] = useState(false);
  if (editing) {
    return (
      <li class="item">
        <ServiceForm
          orgId={service.organization_id}
          service={service}
          locations={locations}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            onChanged();
          }}
        />
      </li>
    );
  }
  return (
    <li class="item" data-testid="dir-service">
      <div class="item-head">
        <h3>
          <Link href={`/directory/services/${service.id}`}>{serviceName(service, lang)}</Link>
        </h3>
        <span class="badge">{label('svcStatus', service.status)}</span>
        <StaleBadge stale={service.stale} verified={service.last_verified} />
      </div>
      <TaxonomyLabels codes={service.taxonomy ?? []} terms={terms} />
      <p class="small muted">
        {service.locations.map((l) => l.location_name).filter(Boolean).join(', ') || t('dir.noLocations')}
      </p>
      <div class="actions">
        <button type="button" class="btn btn-small" onClick={() => setEditing(true)}>
          {t('edit.edit')}
          <span class="sr-only"> {service.name}</span>
        </button>
        <DeleteButton kind="services" id={service.id} name={service.name} onDeleted={onChanged} />
      </div>
    </li>
  );
}

/** Delete, after a confirmation in place; a 409 (something depends on it) is shown with the server's words. */
function DeleteButton({ kind, id, name, onDeleted }: { kind: DirKind; id: string; name: string; onDeleted: () => void }) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const go = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.dirDelete(kind, id);
      setAsking(false);
      onDeleted();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  if (!asking) {
    return (
      <button type="button" class="btn btn-small btn-danger" onClick={() => setAsking(true)}>
        {t('dir.delete')}
        <span class="sr-only"> {name}</span>
      </button>
    );
  }
  return (
    <div class="alert alert-warn confirm" role="alertdialog" aria-label={t('dir.deleteConfirm', { name })}>
      <p>{t('dir.deleteConfirm', { name })}</p>
      <ErrorBox error={error} />
      <div class="actions">
        <button type="button" class="btn btn-small btn-danger" onClick={go} disabled={busy}>
          {t('dir.deleteYes')}
        </button>
        <button type="button" class="btn btn-small" onClick={() => (setAsking(false), setError(null))} disabled={busy}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}

// --- a create / edit form for a directory record -----------------------------------------------------------------------

interface Extra {
  /** The parts of the body outside the field specs, as sent on create. */
  payload: () => Json;
  /** The same parts when they changed (for PATCH), {} otherwise. */
  changed: () => Json;
  /** Messages of what is wrong with them. */
  check: () => string[];
  node: ComponentChildren;
}

function DirForm<T extends { id: string; version: number }>(props: {
  kind: DirKind;
  title: string;
  groups: SpecGroup[];
  obj?: T;
  fixed?: Json;
  initial?: Draft;
  convert?: (p: Json) => Json;
  check?: (d: Draft) => Record<string, MessageKey>;
  extra?: Extra;
  onSaved: (r: T) => void;
  onCancel: () => void;
  onReload?: () => Promise<void>;
}) {
  const { t } = useI18n();
  const specs = props.groups.flatMap((g) => g.fields);
  const [base] = useState<Draft>(() => ({ ...toDraft(specs, props.obj), ...(props.obj ? {} : props.initial ?? {}) }));
  const [draft, setDraft] = useState<Draft>(base);
  const [busy, setBusy] = useState(false);
  const [extraErrors, setExtraErrors] = useState<string[]>([]);
  const errs = useSaveErrors();
  const convert = props.convert ?? ((p: Json) => p);
  const form = useRef<HTMLFormElement>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    const local: FieldErrors = { ...translateErrors(t, validate(specs, draft)), ...translateErrors(t, props.check?.(draft) ?? {}) };
    const more = props.extra?.check() ?? [];
    setExtraErrors(more);
    if (Object.keys(local).length > 0 || more.length > 0) {
      errs.local(local);
      queueMicrotask(() => form.current?.querySelector<HTMLElement>('[role=alert]')?.focus());
      return;
    }
    setBusy(true);
    errs.reset();
    try {
      if (props.obj) {
        const changes = { ...convert(diffPayload(specs, base, draft)), ...(props.extra?.changed() ?? {}) };
        if (Object.keys(changes).length === 0) return props.onCancel();
        props.onSaved(await api.dirUpdate<T>(props.kind, props.obj.id, props.obj.version, changes));
      } else {
        const body = { ...props.fixed, ...convert(toPayload(specs, draft)), ...(props.extra?.payload() ?? {}) };
        props.onSaved(await api.dirCreate<T>(props.kind, body));
      }
    } catch (err) {
      errs.fail(err, specs, '');
    } finally {
      setBusy(false);
    }
  };

  const count = Object.keys(errs.errors).length + extraErrors.length;
  return (
    <form class="stack editor" onSubmit={submit} noValidate aria-label={props.title} ref={form}>
      <h3>{props.title}</h3>
      <Fields groups={props.groups} draft={draft} onDraft={setDraft} errors={errs.errors} onEdited={errs.edited} />
      {props.extra?.node}
      {count > 0 && !errs.problem && (
        <div class="alert alert-error" role="alert" tabIndex={-1}>
          <p>{t('form.fixErrors', { n: count })}</p>
          {extraErrors.length > 0 && (
            <ul>
              {extraErrors.map((m, i) => (
                <li key={i}>{m}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {errs.conflict && <ConflictAlert what="record" onReload={() => (props.onReload ?? (async () => props.onCancel()))()} busy={busy} />}
      <ErrorBox error={errs.problem} />
      <FormActions busy={busy} disabled={errs.conflict} submitLabel={t('common.save')} onCancel={props.onCancel} />
    </form>
  );
}

// --- services: capacity rows and locations with opening hours -----------------------------------------------------------

interface CapRow {
  unit: string;
  available: string;
  maximum: string;
}
interface SchedRow {
  days: string[];
  opens_at: string;
  closes_at: string;
}
interface SiteRow {
  location_id: string;
  schedules: SchedRow[];
}

const num = (s: string) => {
  const v = asciiDigits(s).trim();
  return v === '' ? null : /^\d+$/.test(v) ? Number(v) : NaN;
};
/** Capacity rows as the API takes them; a count left empty is left out. */
const capPayload = (rows: CapRow[]) =>
  rows.map((r) => {
    const available = num(r.available);
    const maximum = num(r.maximum);
    return { unit: r.unit, ...(available === null ? {} : { available }), ...(maximum === null ? {} : { maximum }) };
  });
const sitePayload = (rows: SiteRow[]) =>
  rows.map((r) => ({
    location_id: r.location_id,
    schedules: r.schedules.map((s) => ({ days: [...s.days], opens_at: normaliseTime(s.opens_at), closes_at: normaliseTime(s.closes_at) })),
  }));

function ServiceForm(props: { orgId: string; service?: DirService; locations: DirLocation[]; onSaved: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  const groups = useServiceGroups();
  const s = props.service;
  const [caps, setCaps] = useState<CapRow[]>(() =>
    (s?.capacity ?? []).map((c) => ({ unit: c.unit, available: c.available == null ? '' : String(c.available), maximum: c.maximum == null ? '' : String(c.maximum) })),
  );
  const [sites, setSites] = useState<SiteRow[]>(() =>
    (s?.locations ?? []).map((l) => ({ location_id: l.location_id, schedules: (l.schedules ?? []).map((x) => ({ ...x, days: [...x.days] })) })),
  );
  const [baseCaps] = useState(() => JSON.stringify(capPayload(caps)));
  const [baseSites] = useState(() => JSON.stringify(sitePayload(sites)));

  const extra: Extra = {
    payload: () => ({ capacity: capPayload(caps), locations: sitePayload(sites) }),
    changed: () => ({
      ...(JSON.stringify(capPayload(caps)) !== baseCaps ? { capacity: capPayload(caps) } : {}),
      ...(JSON.stringify(sitePayload(sites)) !== baseSites ? { locations: sitePayload(sites) } : {}),
    }),
    check: () => {
      const out: string[] = [];
      caps.forEach((c, i) => {
        if (!c.unit || Number.isNaN(num(c.available)) || Number.isNaN(num(c.maximum))) out.push(t('dir.err.capacity', { n: i + 1 }));
      });
      sites.forEach((site, i) => {
        if (!site.location_id) out.push(t('dir.err.location', { n: i + 1 }));
        site.schedules.forEach((x, j) => {
          const e = scheduleError(x);
          if (e) out.push(t('dir.err.schedule', { n: i + 1, m: j + 1, what: t(e) }));
        });
      });
      return out;
    },
    node: (
      <>
        <CapacityRows rows={caps} onRows={setCaps} />
        <SiteRows rows={sites} onRows={setSites} locations={props.locations} />
      </>
    ),
  };

  return (
    <DirForm<DirService>
      kind="services"
      title={s ? t('items.editTitle', { what: s.name }) : t('dir.addService')}
      groups={groups}
      obj={s}
      fixed={{ organization_id: props.orgId }}
      initial={{ status: 'active', free: true }}
      extra={extra}
      onCancel={props.onCancel}
      onSaved={props.onSaved}
      onReload={async () => props.onSaved()}
    />
  );
}

function CapacityRows({ rows, onRows }: { rows: CapRow[]; onRows: (r: CapRow[]) => void }) {
  const { t, lang } = useI18n();
  const label = useLabel();
  const set = (i: number, r: CapRow) => onRows(rows.map((x, j) => (j === i ? r : x)));
  return (
    <fieldset class="repeat">
      <legend>{t('dir.capacity')}</legend>
      {rows.length === 0 && <p class="muted small">{t('common.none')}</p>}
      {rows.map((r, i) => (
        <div class="repeat-row cap-row" key={i}>
          <select aria-label={t('dir.capUnit', { n: i + 1 })} value={r.unit} onChange={(e) => set(i, { ...r, unit: e.currentTarget.value })}>
            {[...CAPACITY_UNITS, ...(CAPACITY_UNITS.includes(r.unit as never) ? [] : [r.unit])].map((u) => (
              <option key={u} value={u}>
                {label('unit', u)}
              </option>
            ))}
          </select>
          <input type="text" inputMode="numeric" class="short" aria-label={t('dir.capAvailable', { n: i + 1 })} placeholder={t('dir.available')}
            value={localDigits(r.available, lang)} onInput={(e) => set(i, { ...r, available: asciiDigits(e.currentTarget.value) })} />
          <input type="text" inputMode="numeric" class="short" aria-label={t('dir.capMaximum', { n: i + 1 })} placeholder={t('dir.maximum')}
            value={localDigits(r.maximum, lang)} onInput={(e) => set(i, { ...r, maximum: asciiDigits(e.currentTarget.value) })} />
          <button type="button" class="btn btn-small" onClick={() => onRows(rows.filter((_, j) => j !== i))}>
            {t('form.remove')}
            <span class="sr-only"> {t('dir.capUnit', { n: i + 1 })}</span>
          </button>
        </div>
      ))}
      <button type="button" class="btn btn-small" onClick={() => onRows([...rows, { unit: 'bed', available: '', maximum: '' }])}>
        {t('dir.addCapacity')}
      </button>
    </fieldset>
  );
}

function SiteRows({ rows, onRows, locations }: { rows: SiteRow[]; onRows: (r: SiteRow[]) => void; locations: DirLocation[] }) {
  const { t, lang } = useI18n();
  const set = (i: number, r: SiteRow) => onRows(rows.map((x, j) => (j === i ? r : x)));
  const dayName = (d: string) => t(`day.${d as (typeof DAYS)[number]}`);
  return (
    <fieldset class="repeat">
      <legend>{t('dir.locationsAndHours')}</legend>
      {locations.length === 0 && <p class="muted small">{t('dir.addLocationFirst')}</p>}
      {rows.map((r, i) => (
        <div class="repeat-block site" key={i}>
          <label class="field">
            <span class="label">{t('dir.siteLocation', { n: i + 1 })}</span>
            <select value={r.location_id} onChange={(e) => set(i, { ...r, location_id: e.currentTarget.value })}>
              <option value="">{t('common.choose')}</option>
              {locations.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
          </label>
          {r.schedules.map((s, j) => {
            const setS = (x: SchedRow) => set(i, { ...r, schedules: r.schedules.map((y, k) => (k === j ? x : y)) });
            const what = t('dir.scheduleOf', { n: i + 1, m: j + 1 });
            return (
              <fieldset class="schedule" key={j}>
                <legend>{what}</legend>
                <div class="days">
                  {DAYS.map((d) => (
                    <label key={d} class="check day">
                      <input
                        type="checkbox"
                        checked={s.days.includes(d)}
                        onChange={(e) => setS({ ...s, days: e.currentTarget.checked ? DAYS.filter((x) => x === d || s.days.includes(x)) : s.days.filter((x) => x !== d) })}
                      />{' '}
                      {dayName(d)}
                    </label>
                  ))}
                </div>
                <div class="times">
                  <label>
                    {t('dir.opens')}{' '}
                    <input type="text" inputMode="numeric" class="time" placeholder="10:00" value={localDigits(s.opens_at, lang)} onInput={(e) => setS({ ...s, opens_at: asciiDigits(e.currentTarget.value) })} />
                  </label>
                  <label>
                    {t('dir.closes')}{' '}
                    <input type="text" inputMode="numeric" class="time" placeholder="17:00" value={localDigits(s.closes_at, lang)} onInput={(e) => setS({ ...s, closes_at: asciiDigits(e.currentTarget.value) })} />
                  </label>
                  <button type="button" class="btn btn-small" onClick={() => setS({ ...s, opens_at: '00:00', closes_at: '24:00' })}>
                    {t('dir.allDay')}
                  </button>
                  <button type="button" class="btn btn-small" onClick={() => set(i, { ...r, schedules: r.schedules.filter((_, k) => k !== j) })}>
                    {t('form.remove')}
                    <span class="sr-only"> {what}</span>
                  </button>
                </div>
              </fieldset>
            );
          })}
          <div class="actions">
            <button type="button" class="btn btn-small" onClick={() => set(i, { ...r, schedules: [...r.schedules, { days: ['SU', 'MO', 'TU', 'WE', 'TH', 'FR'], opens_at: '10:00', closes_at: '17:00' }] })}>
              {t('dir.addHours')}
              <span class="sr-only"> ({t('dir.siteLocation', { n: i + 1 })})</span>
            </button>
            <button type="button" class="btn btn-small" onClick={() => onRows(rows.filter((_, j) => j !== i))}>
              {t('form.remove')}
              <span class="sr-only"> {t('dir.siteLocation', { n: i + 1 })}</span>
            </button>
          </div>
        </div>
      ))}
      {locations.length > 0 && (
        <button type="button" class="btn btn-small" onClick={() => onRows([...rows, { location_id: locations.length === 1 ? locations[0]!.id : '', schedules: [] }])}>
          {t('dir.addSite')}
        </button>
      )}
    </fieldset>
  );
}

