// Case management service: creating, reading, changing and searching survivor cases and their
// items, with every access decision (need to know: the owning organisation's case workers and
// supervisors and assigned users; police see the justice records their unit holds; nobody else sees
// personal data), every change and every read of personal data audited, optimistic locking and the
// workflow. Thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "audit/service.h"
#include "cases/model.h"
#include "common/crypto.h"
#include "common/error.h"
#include "common/time.h"
#include "db/database.h"
#include "db/write_counter.h"
#include "identity/service.h"
#include "refdata/service.h"

namespace samman::cases {

// One existing case brought in whole (an imported register, the demo data): opened on a past date,
// with its items, each a kind and a JSON object of its fields (parsed already: a bulk loader makes
// them as objects). Made and used where the full nlohmann header is included.
struct ImportRecord {
  Person person;
  Case c;  // opened_at may be set (an instant); stage and status are taken as given
  VictimProfile profile;
  std::vector<std::pair<std::string, nlohmann::json>> items;  // kind, body
};

class Service {
 public:
  Service(db::Database& db, const crypto::KeyRing& keys, const Clock& clock,
          const audit::Service& audit, const refdata::Service& refdata, identity::Service& identity)
      : db_(db),
        keys_(keys),
        clock_(clock),
        audit_(audit),
        refdata_(refdata),
        identity_(identity) {}

  // Opens a case for a new person in the caller's organisation. Only case workers and supervisors.
  Result<CaseView> Create(const identity::Principal& who, const Person& person, const Case& c,
                          const VictimProfile& profile);
  // kNotFound unless the caller has a need to know. Audited as a read of personal data.
  Result<CaseView> Get(const identity::Principal& who, const std::string& id);
  // Loads the case, lets edit change the view, validates the result and stores it when
  // expected_version is current (kConflict with the current version otherwise). Stage, status and
  // closure change only through Transition; assignments only by a case supervisor, to users of the
  // owning organisation.
  Result<CaseView> Update(const identity::Principal& who, const std::string& id,
                          int64_t expected_version,
                          const std::function<Result<void>(CaseView&)>& edit);
  // Moves the case along the workflow: only allowed transitions, each stage's required fields, a
  // reason for closure and for reopening. Closing with referred=true marks it closed_referred; a
  // closure may say its outcome (code list closure_outcome).
  Result<CaseView> Transition(const identity::Principal& who, const std::string& id,
                              const std::string& to, const std::string& reason, bool referred,
                              const std::string& outcome, std::optional<int64_t> expected_version);
  // The stages a case at `stage` may move to (each may still need its required fields).
  static std::vector<std::string> AllowedTransitions(const std::string& stage);
  // Cases the caller may see, newest first; a query finds exact case numbers, phones and document
  // numbers, and names however they are romanised or written in Devanagari.
  Result<Page> Search(const identity::Principal& who, const SearchQuery& query);
  // Replaces the person's identifying data with a tombstone; the case and its statistics remain.
  Result<CaseView> Erase(const identity::Principal& who, const std::string& id,
                         const std::string& reason);

  // Brings in whole existing cases for the caller's organisation in two steps, so that a bulk
  // loader validates and encrypts one batch while another is written: PrepareImport checks every
  // record and seals it (no database), failing on the first invalid one; CommitImport writes one
  // prepared batch in one transaction, all or nothing, and returns the new case ids in order. Both
  // any thread.
  class PreparedImport {
   public:
    PreparedImport();
    PreparedImport(PreparedImport&&) noexcept;
    PreparedImport& operator=(PreparedImport&&) noexcept;
    ~PreparedImport();
    size_t size() const;

   private:
    friend class Service;
    struct Rows;
    std::unique_ptr<Rows> rows_;
  };
  Result<PreparedImport> PrepareImport(const identity::Principal& who,
                                       std::vector<ImportRecord> records) const;
  Result<std::vector<std::string>> CommitImport(const identity::Principal& who,
                                                PreparedImport batch);

  Result<Item> AddItem(const identity::Principal& who, const std::string& case_id,
                       const std::string& kind, const nlohmann::json& body);
  Result<std::vector<Item>> ListItems(const identity::Principal& who, const std::string& case_id,
                                      const std::string& kind);
  // Changes an item's body fields (follow-ups marked done, services delivered, ...).
  Result<Item> UpdateItem(const identity::Principal& who, const std::string& case_id,
                          const std::string& kind, const std::string& item_id,
                          int64_t expected_version, const nlohmann::json& changes);
  Result<Item> WithdrawConsent(const identity::Principal& who, const std::string& case_id,
                               const std::string& consent_id, const std::string& reason);

  // ---- For the referral service, inside its transaction (c) ----
  // The case when the caller has full access to it (kNotFound otherwise).
  Result<Case> CaseForReferral(db::Connection& c, const identity::Principal& who,
                               const std::string& id) const;
  // True when an active, unexpired sharing consent in the case names the organisation.
  bool HasSharingConsent(db::Connection& c, const std::string& case_id,
                         const std::string& organization_id) const;
  // Records a sharing consent for the organisation from a consent item's fields (purpose and
  // organisation implied), validated like any consent.
  Result<Item> RecordSharingConsent(db::Connection& c, const identity::Principal& who,
                                    const std::string& case_id, const std::string& organization_id,
                                    nlohmann::json consent);
  // Lets the organisation's case workers see the sections of the case until EndGrant.
  void Grant(db::Connection& c, const std::string& referral_id, const std::string& case_id,
             const std::string& organization_id, const std::vector<std::string>& sections) const;
  void EndGrant(db::Connection& c, const std::string& referral_id) const;

  // ---- Statistics: non-identifying facts only, for the statistics service ----
  // Cases identified in the scope (kForbidden unless the caller may see statistics).
  Result<std::vector<CaseFact>> Facts(const identity::Principal& who, const FactScope& scope) const;
  // Cases identified in the scope counted by the values of the columns (store::FactColumns()).
  Result<std::vector<FactGroup>> FactGroups(const identity::Principal& who, const FactScope& scope,
                                            const std::vector<std::string>& columns) const;
  // Items of a kind (event, service, shelter_stay, justice, follow_up) dated in the scope.
  Result<std::vector<ItemFact>> ItemFacts(const identity::Principal& who, const std::string& kind,
                                          const FactScope& scope) const;
  // Key rotation: re-encrypts up to limit persons (with fresh blind indexes and name keys) and as
  // many case items whose ciphertext was made with an older key, in one transaction; returns how
  // many rows it rewrote (0 when done).
  int RekeyBatch(int limit);
  // Writes the facts of cases and justice records that lack them (written before statistics, or
  // before justice counts were kept); returns how many rows it wrote.
  int RebuildMissingFacts();
  // The same at a start, unless a rebuild has already run to its end on this database (a migration
  // that needs another forgets that it did); returns how many rows it wrote.
  int RebuildMissingFactsOnce();
  // Writes every person's name keys afresh, the keys of word pairs with them; returns how many
  // persons. Once: at a start, unless it has run to its end on this database (a database made
  // since pair keys exist never needs it).
  int RebuildNameKeys();
  int RebuildNameKeysOnce();

  // Counts this process's writes to cases (bumped after each, committed or not), so the
  // statistics service can tell that figures it keeps are stale.
  uint64_t Revision() const { return writes_.count(); }

  Result<std::vector<AccessEntry>> AccessLog(const identity::Principal& who, const std::string& id);
  // Follow-ups and planned services past their due date in cases the caller may see.
  Result<std::vector<OverdueTask>> Overdue(const identity::Principal& who);

 private:
  enum class Access { kNone, kJustice, kReferral, kFull };
  // Runs an upkeep task unless upkeep_done says it has run to its end, and then says so.
  int Once(const std::string& task, const std::function<int()>& run);
  // Binds an item's encrypted body to its row.
  static std::string ItemAad(const std::string& id);
  // Appends the audit record of a read, committed before the caller returns the data.
  void RecordRead(const identity::Principal& who, const audit::Entry& entry) const;
  Access AccessTo(db::Connection& c, const identity::Principal& who, const Case& k) const;
  Result<void> Validate(const Person& p, const Case& c, const VictimProfile& v) const;
  Result<void> CheckAssignees(db::Connection& c, const std::string& org_id,
                              const std::vector<std::string>& users);
  Result<Item> ValidateItem(const std::string& kind, const nlohmann::json& body) const;
  Item InsertItem(db::Connection& c, const identity::Principal& who, Item item) const;
  // Keeps an item's countable facts (a justice record's counts) beside it; takes the plain body.
  void KeepItemFacts(db::Connection& c, const Item& plain) const;
  // The case's row of case_facts, and (in the caller's transaction) that row written anew.
  CaseFact FactsOf(const Case& k, const Person& p, const VictimProfile& v) const;
  void RefreshFacts(db::Connection& c, const Case& k, const Person& p,
                    const VictimProfile& v) const;
  std::string Today() const { return NepalDate(clock_.Now()); }
  std::string Now() const { return FormatInstant(clock_.Now()); }
  // db_.Write, counted for Revision().
  template <typename F>
  auto Change(F&& fn) const {
    return writes_.Write(db_, std::forward<F>(fn));
  }

  db::Database& db_;
  const crypto::KeyRing& keys_;
  const Clock& clock_;
  const audit::Service& audit_;
  const refdata::Service& refdata_;
  identity::Service& identity_;
  db::WriteCounter writes_;
};

}  // namespace samman::cases
