// The Cases section: /cases (list), /cases/new (wizard), /cases/:id[/tab] (one case). What the list remembers and
// the note shown after opening a case live in this component's memory, so signing out forgets them.
import { useRef, useState } from 'preact/hooks';
import type { Me } from '../api';
import { useI18n } from '../i18n';
import { localDigits } from '../lib/bs';
import { navigate } from '../router';
import { CasePage } from './case-page';
import { CaseList, type ListMemory } from './list';
import { CaseWizard } from './wizard';

export function CasesSection({ path, user }: { path: string; user: Me }) {
  const { t, lang } = useI18n();
  const memory = useRef<ListMemory | null>(null);
  const [flash, setFlash] = useState<{ text: string; warnings: string[] } | null>(null);
  const parts = path.split('/').filter(Boolean); // ["cases", id?, tab?]

  if (parts.length === 1) return <CaseList user={user} memory={memory} />;
  if (parts[1] === 'new' && parts.length === 2) {
    return (
      <CaseWizard
        onCreated={({ view, warnings }) => {
          setFlash({ text: t('wizard.created', { number: localDigits(view.case_number, lang) }), warnings });
          navigate(`/cases/${view.id}`);
        }}
      />
    );
  }
  const id = decodeURIComponent(parts[1] ?? '');
  return <CasePage key={id} id={id} tab={parts[2] ?? ''} user={user} flash={flash} onFlashShown={() => setFlash(null)} />;
}
