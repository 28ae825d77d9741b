"use client";

import dynamic from "next/dynamic";

/*
 * The charts, loaded on demand: recharts and its d3 parts are most of a report's JavaScript, so
 * they are fetched and compiled only when a chart is about to be drawn (ChartFrame draws a chart
 * once it enters the viewport), never for the first paint. Never rendered on the server: a chart
 * measures its container. Its frame keeps the height meanwhile, so nothing moves when it appears.
 */
export const ActivityOverTimeChart = dynamic(() => import("./charts").then((m) => m.ActivityOverTimeChart), {
  ssr: false,
});
export const HorizontalBarChart = dynamic(() => import("./charts").then((m) => m.HorizontalBarChart), {
  ssr: false,
});
export const DailySessionsChart = dynamic(() => import("./charts").then((m) => m.DailySessionsChart), {
  ssr: false,
});
