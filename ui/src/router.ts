import { createRouter, createWebHashHistory } from 'vue-router'

// One folder a screen; each route loads its screen.
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    // Where Qunzhu opens: the shell moves on to 今日 or 期与群 once it knows the cohorts.
    { path: '/', name: 'home', component: { render: () => null } },
    { path: '/members', name: 'members', component: () => import('./screens/members/MembersScreen.vue') },
    { path: '/members/new', name: 'member-new', component: () => import('./screens/member/MemberScreen.vue') },
    { path: '/members/:id(\\d+)', name: 'member', component: () => import('./screens/member/MemberScreen.vue'), props: true },
    { path: '/import', name: 'import', component: () => import('./screens/import/ImportScreen.vue') },
    { path: '/cohorts', name: 'cohorts', component: () => import('./screens/cohorts/CohortsScreen.vue') },
    { path: '/cohorts/:id(\\d+)', name: 'cohort', component: () => import('./screens/cohort/CohortScreen.vue'), props: true },
    { path: '/today', name: 'today', component: () => import('./screens/today/TodayScreen.vue') },
    { path: '/calendar', name: 'calendar', component: () => import('./screens/calendar/CalendarScreen.vue') },
    { path: '/templates', name: 'templates', component: () => import('./screens/templates/TemplatesScreen.vue') },
    { path: '/engagement', name: 'engagement', component: () => import('./screens/engagement/EngagementScreen.vue') },
    { path: '/growth', name: 'growth', component: () => import('./screens/growth/GrowthScreen.vue') },
    { path: '/retro', name: 'retro', component: () => import('./screens/retro/RetroScreen.vue') },
    { path: '/posters', name: 'posters', component: () => import('./screens/posters/PostersScreen.vue') },
    { path: '/birthdays', name: 'birthdays', component: () => import('./screens/birthdays/BirthdaysScreen.vue') },
    { path: '/trash', name: 'trash', component: () => import('./screens/trash/TrashScreen.vue') },
    { path: '/settings', name: 'settings', component: () => import('./screens/settings/SettingsScreen.vue') },
  ],
})
