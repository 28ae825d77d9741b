import { randomUUID } from "node:crypto";
import type postgres from "postgres";
import { progress } from "../lib/progress";

// Sessions are inserted in slices of this many, so a long generation can report how far it is.
const SLICE = 250_000;

/** Names to search: a first and last name each pair repeats once in 2,500 members; some accented. */
export const BENCH_FIRST_NAMES = [
  "Anna",
  "Ben",
  "Chloé",
  "David",
  "Elena",
  "Farid",
  "Greta",
  "Hiro",
  "Inès",
  "Jonas",
  "Kira",
  "Liam",
  "Maja",
  "Noah",
  "Olga",
  "Pablo",
  "Quinn",
  "Rosa",
  "Sven",
  "Tariq",
  "Uma",
  "Viktor",
  "Wen",
  "Ximena",
  "Yusuf",
  "Zoë",
  "Amara",
  "Björn",
  "Carmen",
  "Dmitri",
  "Emeka",
  "Fatima",
  "Gustav",
  "Hana",
  "Ivan",
  "Jana",
  "Kofi",
  "Lucía",
  "Mateo",
  "Nadia",
  "Oskar",
  "Priya",
  "Rahul",
  "Sofia",
  "Tomás",
  "Ulla",
  "Valeria",
  "Wojciech",
  "Yara",
  "Zainab",
];
export const BENCH_LAST_NAMES = [
  "Smith",
  "Müller",
  "García",
  "Nowak",
  "Rossi",
  "Dubois",
  "Kim",
  "Tanaka",
  "Ivanova",
  "Okafor",
  "Jensen",
  "Silva",
  "Khan",
  "Novák",
  "Brown",
  "López",
  "Cohen",
  "Yilmaz",
  "Petrov",
  "Nguyen",
  "Schmidt",
  "Fernández",
  "Kowalski",
  "Bianchi",
  "Martin",
  "Park",
  "Sato",
  "Popescu",
  "Adeyemi",
  "Larsen",
  "Costa",
  "Ali",
  "Horvát",
  "Wilson",
  "Pérez",
  "Levi",
  "Demir",
  "Sokolov",
  "Tran",
  "Weber",
  "Moreno",
  "Wiśniewski",
  "Romano",
  "Bernard",
  "Choi",
  "Suzuki",
  "Ionescu",
  "Mensah",
  "Berg",
  "Øster",
];

/**
 * A large company built set-based (generate_series; no row-by-row inserts): `members` members with
 * varied status, role and department, and `sessions` raw sessions spread over the last year, skewed
 * so some members are much more active than others. Ids are derived from the company id.
 */
export async function generateCompany(sql: postgres.Sql, members: number, sessions: number, name: string) {
  const companyId = randomUUID();
  const started = performance.now();
  await sql`insert into companies (id, name) values (${companyId}, ${name})`;
  await sql`
    insert into users (id, email, first_name, last_name, password_hash, created_at, last_login_at)
    select md5(${companyId} || 'u' || g)::uuid,
           lower(unaccent(f.name || '.' || l.name)) || g || '@' || ${companyId} || '.bench', f.name, l.name, 'x',
           now() - interval '400 days', null
    from generate_series(1, ${members}) g
    cross join lateral (select (${BENCH_FIRST_NAMES}::text[])[1 + g % ${BENCH_FIRST_NAMES.length}] as name) f
    cross join lateral (select (${BENCH_LAST_NAMES}::text[])[1 + (g / ${BENCH_FIRST_NAMES.length}) % ${BENCH_LAST_NAMES.length}] as name) l`;
  await sql`
    insert into memberships (company_id, user_id, role, status, department)
    select ${companyId}, md5(${companyId} || 'u' || g)::uuid,
           (case when g = 1 then 'owner' when g % 50 = 0 then 'admin' when g % 40 = 0 then 'viewer' else 'member' end)::member_role,
           (case when g % 10 < 7 then 'active' when g % 10 < 9 then 'inactive' else 'pending' end)::member_status,
           (array['Engineering','Marketing','Sales','Support','Finance',null])[1 + g % 6]
    from generate_series(1, ${members}) g`;
  // Member for session g: squaring a uniform number skews activity towards low member numbers.
  const report = progress(`${name}: sessions`, sessions);
  for (let from = 1; from <= sessions; from += SLICE) {
    const to = Math.min(sessions, from + SLICE - 1);
    await sql`
      insert into activity_sessions (company_id, id, user_id, started_at, ended_at)
      select ${companyId}, md5(${companyId} || 's' || g)::uuid,
             md5(${companyId} || 'u' || (1 + floor(${members} * power(((g * 7919) % 1000003) / 1000003.0, 2)))::int)::uuid,
             now() - interval '1 second' * (60 + (g * 104729) % (365 * 86400)),
             now() - interval '1 second' * (60 + (g * 104729) % (365 * 86400)) + interval '1 second' * (120 + (g * 31) % 5400)
      from generate_series(${from}::bigint, ${to}::bigint) g`;
    report.update(to);
  }
  if (sessions >= SLICE) report.finish();
  await sql`analyze users`;
  await sql`analyze memberships`;
  await sql`analyze activity_sessions`;
  const [owner] = await sql<{ id: string }[]>`select md5(${companyId} || 'u' || 1)::uuid::text as id`;
  return { companyId, ownerId: owner!.id, seconds: (performance.now() - started) / 1000 };
}

/** Member user ids of a generated company, for spreading tokens (admins and members only). */
export async function readerIds(sql: postgres.Sql, companyId: string, limit: number) {
  const rows = await sql<{ user_id: string }[]>`
    select user_id::text from memberships
    where company_id = ${companyId} and status = 'active' and role in ('owner', 'admin', 'member')
    order by user_id limit ${limit}`;
  return rows.map((r) => r.user_id);
}
