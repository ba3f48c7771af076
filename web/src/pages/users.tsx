import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type Me, type Organization, type User } from '../api';
import { CheckboxGroup, ErrorBox, Notice, SelectField, TextField } from '../components';
import { useI18n } from '../i18n';
import { codeLabel, ROLES, useCodeList } from '../refdata';

const MIN_PASSWORD = 12;

type Editing = { id: string; mode: 'edit' | 'reset' } | null;

export function UsersPage({ user }: { user: Me }) {
  const { t, lang } = useI18n();
  const [users, setUsers] = useState<User[] | null>(null);
  const [orgs, setOrgs] = useState<Organization[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const [editing, setEditing] = useState<Editing>(null);
  const roles = useCodeList('role', ROLES);

  const reload = () =>
    api
      .users()
      .then((r) => {
        setUsers(r.items);
        setError(null);
      })
      .catch(setError);
  useEffect(() => {
    reload();
    api
      .organizations()
      .then((r) => setOrgs(r.items))
      .catch(() => setOrgs([user.organization]));
  }, []);

  const orgName = (id: string) => orgs.find((o) => o.id === id)?.name ?? (id === user.organization.id ? user.organization.name : id);
  const roleLabel = (r: string) => codeLabel(lang, 'role', r, roles);
  const isSystemAdmin = user.roles.includes('system_admin');
  const roleOptions = roles
    .filter((r) => isSystemAdmin || r.code !== 'system_admin')
    .map((r) => ({ value: r.code, label: roleLabel(r.code) }));

  const done = (message: string) => {
    setNotice(message);
    setEditing(null);
    reload();
  };

  return (
    <section aria-labelledby="users-h">
      <h2 id="users-h">{t('admin.users')}</h2>
      {notice && <Notice>{notice}</Notice>}
      <UserForm
        user={user}
        orgs={isSystemAdmin ? orgs : orgs.filter((o) => o.id === user.organization.id)}
        roleOptions={roleOptions}
        onCreated={(u) => done(t('user.createdOk', { name: u.username }))}
      />
      <ErrorBox error={error} />
      {users === null ? (
        !error && <p class="muted">{t('app.loading')}</p>
      ) : users.length === 0 ? (
        <p>{t('user.empty')}</p>
      ) : (
        <>
          <p class="muted">{t('user.count', { n: users.length })}</p>
          <table class="table" data-testid="user-table">
            <thead>
              <tr>
                <th scope="col">{t('user.username')}</th>
                <th scope="col">{t('user.displayName')}</th>
                <th scope="col">{t('user.organization')}</th>
                <th scope="col">{t('user.roles')}</th>
                <th scope="col">{t('user.status')}</th>
                <th scope="col">{t('user.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <UserRow
                  key={u.id}
                  u={u}
                  orgName={orgName(u.organization_id)}
                  roleLabel={roleLabel}
                  roleOptions={roleOptions}
                  editing={editing?.id === u.id ? editing.mode : null}
                  onEdit={(mode) => {
                    setNotice('');
                    setEditing(mode ? { id: u.id, mode } : null);
                  }}
                  onDone={done}
                  onStale={() => {
                    setNotice('');
                    reload();
                  }}
                />
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function UserRow(props: {
  u: User;
  orgName: string;
  roleLabel: (r: string) => string;
  roleOptions: { value: string; label: string }[];
  editing: 'edit' | 'reset' | null;
  onEdit: (mode: 'edit' | 'reset' | null) => void;
  onDone: (message: string) => void;
  onStale: () => void;
}) {
  const { t } = useI18n();
  const { u } = props;
  return (
    <>
      <tr class={u.disabled ? 'is-disabled' : undefined}>
        <th scope="row" data-label={t('user.username')}>
          {u.username}
        </th>
        <td data-label={t('user.displayName')}>{u.display_name || t('common.none')}</td>
        <td data-label={t('user.organization')}>{props.orgName}</td>
        <td data-label={t('user.roles')}>{u.roles.map(props.roleLabel).join(', ')}</td>
        <td data-label={t('user.status')}>
          <span class={u.disabled ? 'badge badge-off' : 'badge badge-on'}>
            {u.disabled ? t('user.disabled') : t('user.active')}
          </span>{' '}
          {u.locked && <span class="badge badge-warn">{t('user.locked')}</span>}{' '}
          {u.totp_enabled && <span class="badge">{t('user.totpOn')}</span>}
        </td>
        <td data-label={t('user.actions')} class="row-actions">
          <button
            type="button"
            class="btn btn-small"
            aria-expanded={props.editing === 'edit'}
            onClick={() => props.onEdit(props.editing === 'edit' ? null : 'edit')}
          >
            {t('user.edit')}
            <span class="sr-only"> {u.username}</span>
          </button>
          <button
            type="button"
            class="btn btn-small"
            aria-expanded={props.editing === 'reset'}
            onClick={() => props.onEdit(props.editing === 'reset' ? null : 'reset')}
          >
            {t('user.resetPassword')}
            <span class="sr-only"> {u.username}</span>
          </button>
        </td>
      </tr>
      {props.editing && (
        <tr class="editor-row">
          <td colSpan={6}>
            {props.editing === 'edit' ? (
              <EditUser u={u} roleOptions={props.roleOptions} onCancel={() => props.onEdit(null)} onDone={props.onDone} onStale={props.onStale} />
            ) : (
              <ResetPassword u={u} onCancel={() => props.onEdit(null)} onDone={props.onDone} />
            )}
          </td>
        </tr>
      )}
    </>
  );
}

function EditUser(props: {
  u: User;
  roleOptions: { value: string; label: string }[];
  onCancel: () => void;
  onDone: (message: string) => void;
  onStale: () => void;
}) {
  const { t } = useI18n();
  const { u } = props;
  const [displayName, setDisplayName] = useState(u.display_name);
  const [roles, setRoles] = useState<string[]>(u.roles);
  const [disabled, setDisabled] = useState(u.disabled);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [stale, setStale] = useState(false);
  // Roles the editor may not grant (system_admin for an organisation admin) stay as they are.
  const options = [
    ...props.roleOptions,
    ...u.roles.filter((r) => !props.roleOptions.some((o) => o.value === r)).map((r) => ({ value: r, label: r, disabled: true })),
  ];

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setStale(false);
    try {
      const patch: { roles?: string[]; disabled?: boolean; display_name?: string } = {};
      if (displayName.trim() !== u.display_name) patch.display_name = displayName.trim();
      if ([...roles].sort().join() !== [...u.roles].sort().join()) patch.roles = roles;
      if (disabled !== u.disabled) patch.disabled = disabled;
      if (Object.keys(patch).length === 0) return props.onCancel();
      const updated = await api.updateUser(u.id, u.version, patch);
      props.onDone(t('user.updatedOk', { name: updated.username }));
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        setStale(true);
        props.onStale();
      } else {
        setError(err);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="stack editor" onSubmit={submit} aria-label={t('user.editTitle', { name: u.username })}>
      <h3>{t('user.editTitle', { name: u.username })}</h3>
      <TextField label={t('user.displayName')} value={displayName} onValue={setDisplayName} maxLength={200} />
      <CheckboxGroup legend={t('user.roles')} name={`roles-${u.id}`} options={options} selected={roles} onChange={setRoles} />
      <label class="check">
        <input type="checkbox" checked={disabled} onChange={(e) => setDisabled(e.currentTarget.checked)} /> {t('user.disable')}
      </label>
      {stale && (
        <p class="alert alert-warn" role="alert">
          {t('user.stale')}
        </p>
      )}
      <ErrorBox error={error} />
      <div class="actions">
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {busy ? t('common.saving') : t('common.save')}
        </button>
        <button type="button" class="btn" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function ResetPassword(props: { u: User; onCancel: () => void; onDone: (message: string) => void }) {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [short, setShort] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setShort(password.length < MIN_PASSWORD);
    if (password.length < MIN_PASSWORD) return;
    setBusy(true);
    try {
      await api.resetPassword(props.u.id, password);
      props.onDone(t('user.resetOk', { name: props.u.username }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="stack editor" onSubmit={submit} aria-label={t('user.resetTitle', { name: props.u.username })}>
      <h3>{t('user.resetTitle', { name: props.u.username })}</h3>
      <TextField
        label={t('user.newPassword')}
        type="password"
        autoComplete="new-password"
        value={password}
        onValue={setPassword}
        required
      />
      {short && (
        <p class="alert alert-error" role="alert">
          {t('user.passwordShort')}
        </p>
      )}
      <ErrorBox error={error} />
      <div class="actions">
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {t('user.resetPassword')}
        </button>
        <button type="button" class="btn" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function UserForm(props: {
  user: Me;
  orgs: Organization[];
  roleOptions: { value: string; label: string }[];
  onCreated: (u: User) => void;
}) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [orgId, setOrgId] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [short, setShort] = useState(false);

  useEffect(() => {
    if (!orgId && props.orgs.length === 1) setOrgId(props.orgs[0]!.id);
  }, [props.orgs]);

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setShort(password.length < MIN_PASSWORD);
    if (password.length < MIN_PASSWORD) return;
    setBusy(true);
    try {
      const created = await api.createUser({
        username: username.trim(),
        display_name: displayName.trim(),
        password,
        organization_id: orgId,
        roles,
      });
      setUsername('');
      setDisplayName('');
      setPassword('');
      setRoles([]);
      props.onCreated(created);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <details class="panel" open>
      <summary>{t('user.new')}</summary>
      <form class="stack" onSubmit={submit} aria-label={t('user.new')}>
        <div class="grid2">
          <TextField
            label={t('user.username')}
            name="username"
            value={username}
            onValue={setUsername}
            autoComplete="off"
            autoCapitalize="none"
            spellcheck={false}
            maxLength={64}
            required
          />
          <TextField
            label={t('user.displayName')}
            name="display_name"
            value={displayName}
            onValue={setDisplayName}
            autoComplete="off"
            maxLength={200}
          />
          <TextField
            label={t('user.password')}
            name="password"
            type="password"
            value={password}
            onValue={setPassword}
            autoComplete="new-password"
            required
          />
          <SelectField
            label={t('user.organization')}
            name="organization_id"
            value={orgId}
            onValue={setOrgId}
            placeholder={t('common.choose')}
            required
            options={props.orgs.map((o) => ({ value: o.id, label: o.name }))}
          />
        </div>
        <CheckboxGroup legend={t('user.roles')} name="roles" options={props.roleOptions} selected={roles} onChange={setRoles} />
        {short && (
          <p class="alert alert-error" role="alert">
            {t('user.passwordShort')}
          </p>
        )}
        <ErrorBox error={error} />
        <div class="actions">
          <button type="submit" class="btn btn-primary" disabled={busy}>
            {busy ? t('common.saving') : t('user.create')}
          </button>
        </div>
      </form>
    </details>
  );
}
