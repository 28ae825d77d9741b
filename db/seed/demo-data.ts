import type { MemberRole, MemberStatus } from "../schema";
import { stableUuid } from "@/lib/uuid";

/** These ids, accounts, roles and the password are a contract with outside clients. */
export const DEMO = {
  password: "demo-password",
  acmeId: "f659ecfa-32be-4a9b-9c9b-6e56c3ccf29a",
  globexId: "3f2b8c1e-9d4a-4b6f-8e2a-7c5d1a9b0e34",
  initechId: "8d4e2a17-5c3b-4f9e-a1d6-2b7c9e0f4a53",
  janeId: "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
  johnId: "f47ac10b-58cc-4372-a567-0e02b2c3d479",
  acmeMembers: 247,
  globexMembers: 40,
  globexTimezone: "America/New_York",
} as const;

export type DemoUser = {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  createdAt: Date;
  lastLoginAt: Date | null;
};
export type DemoMembership = {
  companyId: string;
  userId: string;
  role: MemberRole;
  status: MemberStatus;
  department: string | null;
  createdAt: Date;
};
export type DemoSession = { companyId: string; id: string; userId: string; startedAt: Date; endedAt: Date };
export type DemoData = {
  companies: { id: string; name: string; timezone: string; createdAt: Date; deletedAt: Date | null }[];
  users: DemoUser[];
  memberships: DemoMembership[];
  sessions: DemoSession[];
};

const DAY = 86_400_000;
const MINUTE = 60_000;
/** Acme's members who joined in the last 90 days: about a fifth. */
const RECENT_JOINERS = 0.27;
const RECENT_JOIN_DAYS = 90;

/** mulberry32: small, fast, deterministic. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}

const FIRST = [
  "Olivia",
  "Liam",
  "Emma",
  "Noah",
  "Ava",
  "Elijah",
  "Sophia",
  "Lucas",
  "Mia",
  "Mateo",
  "Amelia",
  "Levi",
  "Harper",
  "Ethan",
  "Aria",
  "Kai",
  "Chloe",
  "Omar",
  "Nora",
  "Ravi",
  "Yuki",
  "Ines",
  "Zoe",
  "Felix",
  "Priya",
  "Jonas",
  "Leila",
  "Tomás",
  "Hana",
  "Dmitri",
  "Grace",
  "Arjun",
];
const LAST = [
  "Garcia",
  "Nguyen",
  "Kim",
  "Patel",
  "Müller",
  "Rossi",
  "Silva",
  "Kowalski",
  "Okafor",
  "Jensen",
  "Tanaka",
  "Haddad",
  "Novak",
  "Dubois",
  "Cohen",
  "Larsen",
  "Moreau",
  "Ivanova",
  "Schmidt",
  "O'Brien",
  "Fischer",
  "Costa",
  "Lindqvist",
  "Mensah",
];
const DEPARTMENTS = [
  "Engineering",
  "Marketing",
  "Sales",
  "Support",
  "Finance",
  "Operations",
  "Product",
] as const;

type MemberPlan = {
  key: string;
  id?: string;
  email?: string;
  first?: string;
  last?: string;
  role: MemberRole;
  status: MemberStatus;
  department: string | null;
  /** Days since last activity, or null for never active. */
  lastActiveDaysAgo: number | null;
};

/**
 * The deterministic demo data set, relative to `now`: the same `now` always gives the same rows,
 * and the default 30-day window always has data.
 */
export function buildDemoData(now: Date): DemoData {
  const r = rng(20250713);
  const users = new Map<string, DemoUser>();
  const memberships: DemoMembership[] = [];
  const sessions: DemoSession[] = [];
  const usedEmails = new Set<string>();

  const email = (first: string, last: string, domain: string) => {
    const base = `${first}.${last}`
      .toLowerCase()
      .normalize("NFD")
      .replace(/[^a-z.]/g, "");
    let candidate = `${base}@${domain}`;
    for (let n = 2; usedEmails.has(candidate); n++) candidate = `${base}${n}@${domain}`;
    usedEmails.add(candidate);
    return candidate;
  };

  /**
   * When a member joined, as days ago: in Acme over the last 365 days, about a fifth of them in
   * the last 90 (join cohorts for retention), always before their last activity; elsewhere long
   * before any activity.
   */
  const joinedDaysAgo = (companyId: string, plan: MemberPlan) => {
    if (companyId !== DEMO.acmeId) return r.int(200, 900);
    const after = plan.lastActiveDaysAgo === null ? 0 : plan.lastActiveDaysAgo + 1;
    if (plan.first) return Math.max(after, r.int(300, 364)); // the named accounts joined long ago
    const recent = r.next() < RECENT_JOINERS && after < RECENT_JOIN_DAYS;
    return recent ? r.int(after, RECENT_JOIN_DAYS - 1) : r.int(Math.max(after, RECENT_JOIN_DAYS), 364);
  };

  const addMember = (companyId: string, domain: string, plan: MemberPlan) => {
    const first = plan.first ?? r.pick(FIRST);
    const last = plan.last ?? r.pick(LAST);
    const id = plan.id ?? stableUuid(plan.key);
    const joinedAt = new Date(now.getTime() - joinedDaysAgo(companyId, plan) * DAY - r.int(0, 86_399) * 1000);
    let user = users.get(id);
    if (!user) {
      const address = plan.email ?? email(first, last, domain);
      usedEmails.add(address);
      user = { id, email: address, firstName: first, lastName: last, createdAt: joinedAt, lastLoginAt: null };
      users.set(id, user);
    }
    // A membership never predates its user: the user signed up when they first joined.
    if (user.createdAt > joinedAt) user.createdAt = joinedAt;
    memberships.push({
      companyId,
      userId: id,
      role: plan.role,
      status: plan.status,
      department: plan.department,
      createdAt: joinedAt,
    });
    if (plan.lastActiveDaysAgo === null) return;
    // Sessions from a first-active day up to the last-active day, never before joining; durations
    // around a personal mean.
    const lastStart = now.getTime() - plan.lastActiveDaysAgo * DAY - r.int(60, 600) * MINUTE;
    const spanDays = Math.min(
      r.int(10, 180 - Math.min(plan.lastActiveDaysAgo, 170)),
      (lastStart - joinedAt.getTime()) / DAY,
    );
    const count = r.int(3, 70);
    const meanMinutes = r.int(8, 45);
    for (let n = 0; n < count; n++) {
      const start = n === 0 ? lastStart : lastStart - Math.floor(r.next() * spanDays * DAY);
      const minutes = Math.max(1, Math.round(meanMinutes * (0.4 + r.next() * 1.2)));
      const startedAt = new Date(Math.floor(start / 1000) * 1000);
      const endedAt = new Date(startedAt.getTime() + minutes * MINUTE + r.int(0, 59) * 1000);
      sessions.push({
        companyId,
        id: stableUuid(`${plan.key}:session:${n}`),
        userId: id,
        startedAt,
        endedAt,
      });
      if (!user.lastLoginAt || user.lastLoginAt < startedAt) user.lastLoginAt = startedAt;
    }
  };

  const randomPlan = (key: string, i: number): MemberPlan => {
    const s = r.next();
    const status: MemberStatus = s < 0.72 ? "active" : s < 0.88 ? "inactive" : "pending";
    const roleRoll = r.next();
    const role: MemberRole = roleRoll < 0.06 ? "admin" : roleRoll < 0.12 ? "viewer" : "member";
    const department = r.next() < 0.12 ? null : r.pick(DEPARTMENTS);
    const a = r.next();
    // Pending members have mostly never been active; some others never were either.
    const never = status === "pending" ? a < 0.7 : a < 0.05;
    const recency = r.next();
    const lastActiveDaysAgo = never
      ? null
      : status === "inactive"
        ? r.int(20, 178)
        : recency < 0.72
          ? r.int(0, 28)
          : r.int(31, 178);
    return { key: `${key}:${i}`, role, status, department, lastActiveDaysAgo };
  };

  // Acme Corp: 247 members.
  const acme: MemberPlan[] = [
    {
      key: "acme:owner",
      email: "owner@acme.test",
      first: "Olivia",
      last: "Owens",
      role: "owner",
      status: "active",
      department: "Operations",
      lastActiveDaysAgo: 2,
    },
    {
      key: "acme:jane",
      id: DEMO.janeId,
      email: "jane.smith@acme.test",
      first: "Jane",
      last: "Smith",
      role: "admin",
      status: "active",
      department: "Marketing",
      lastActiveDaysAgo: 1,
    },
    {
      key: "acme:john",
      id: DEMO.johnId,
      email: "john.doe@acme.test",
      first: "John",
      last: "Doe",
      role: "member",
      status: "active",
      department: "Engineering",
      lastActiveDaysAgo: 0,
    },
    {
      key: "acme:viewer",
      email: "viewer@acme.test",
      first: "Victor",
      last: "Viewer",
      role: "viewer",
      status: "active",
      department: "Finance",
      lastActiveDaysAgo: 5,
    },
    {
      key: "multi",
      email: "multi@example.test",
      first: "Morgan",
      last: "Multi",
      role: "member",
      status: "active",
      department: "Sales",
      lastActiveDaysAgo: 3,
    },
  ];
  for (const plan of acme) addMember(DEMO.acmeId, "acme.test", plan);
  for (let i = acme.length; i < DEMO.acmeMembers; i++)
    addMember(DEMO.acmeId, "acme.test", randomPlan("acme", i));

  // Globex: about 40 members, including multi@example.test.
  const globex: MemberPlan[] = [
    {
      key: "globex:admin",
      email: "admin@globex.test",
      first: "Grace",
      last: "Globe",
      role: "admin",
      status: "active",
      department: "Engineering",
      lastActiveDaysAgo: 1,
    },
    {
      key: "globex:owner",
      email: "owner@globex.test",
      first: "Hank",
      last: "Scorpio",
      role: "owner",
      status: "active",
      department: null,
      lastActiveDaysAgo: 4,
    },
    {
      key: "multi",
      email: "multi@example.test",
      first: "Morgan",
      last: "Multi",
      role: "member",
      status: "active",
      department: "Research",
      lastActiveDaysAgo: 6,
    },
  ];
  for (const plan of globex) addMember(DEMO.globexId, "globex.test", plan);
  for (let i = globex.length; i < DEMO.globexMembers; i++)
    addMember(DEMO.globexId, "globex.test", randomPlan("globex", i));

  // Initech: soft-deleted; owner@acme.test was its owner.
  addMember(DEMO.initechId, "initech.test", {
    key: "acme:owner",
    role: "owner",
    status: "active",
    department: null,
    lastActiveDaysAgo: 40,
  });
  for (let i = 1; i < 6; i++) addMember(DEMO.initechId, "initech.test", randomPlan("initech", i));

  return {
    companies: [
      {
        id: DEMO.acmeId,
        name: "Acme Corp",
        timezone: "UTC",
        createdAt: new Date(now.getTime() - 1000 * DAY),
        deletedAt: null,
      },
      {
        id: DEMO.globexId,
        name: "Globex",
        // Its days are New York's: the demo of a company outside UTC.
        timezone: DEMO.globexTimezone,
        createdAt: new Date(now.getTime() - 700 * DAY),
        deletedAt: null,
      },
      {
        id: DEMO.initechId,
        name: "Initech",
        timezone: "UTC",
        createdAt: new Date(now.getTime() - 900 * DAY),
        deletedAt: new Date(now.getTime() - 10 * DAY),
      },
    ],
    users: [...users.values()],
    memberships,
    sessions,
  };
}
