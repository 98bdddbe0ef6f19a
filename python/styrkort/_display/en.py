"""Every user-facing word in English, as data: the report, the plots, the Excel
headers and sheet titles. The same keys in every language (a test checks it)."""

from typing import Any, Dict


# the board report (report/)
REPORT: Dict[str, Any] = {
    "report": "Follow-up report",
    "contents": "Contents",
    "strategy": "Strategy",
    "organisation": "Organisation",
    "unit": "Unit followed up",
    "period": "Period",
    "generated": "Report generated",
    "notes_heading": "Please note",
    "notes_intro": "The measurements in this report carry these notes:",
    "warnings_heading": "Keep in mind",
    "warnings_intro": "The results rest on thin ground here:",
    "warnings_more": "and {n} more (all are in Evaluation.warnings and in styrkort evaluate --warnings all)",
    "warning": {
        "missing_target": "{node} has no target for {unit}, so it cannot be assessed.",
        "missing_target_all": "{node} has no target, no bounds and no normalisation named, so it cannot be "
                              "assessed.",
        "unreachable_threshold": "The green or yellow threshold of {node} is above 100 and cannot be reached.",
        "low_coverage": "The status of {node} rests on only {coverage} of its indicators.",
        "subunit_values_only": "{node} has no value of its own for {unit} although its sub-units have values "
                               "(say how they combine).",
        "score_capped": "The value of {node} is beyond the scale; its score is held at the scale's end.",
        "imputed": "The score of {node} is the mean of comparable units, not data of its own.",
    },
    "summary": "Goal fulfilment",
    "summary_intro": "Share of goals, focus areas and indicators by status for {unit}, period {period}. "
                     "Nodes that do not apply to the unit are not counted.",
    "summary_sentence": "Of {n} focus areas, {fulfilled} are fulfilled, {partly} partly fulfilled, "
                        "{not_fulfilled} not fulfilled and {not_assessable} not assessable.",
    "level": "Level",
    "count": "Number",
    "fulfilled": "Fulfilled",
    "partly": "Partly fulfilled",
    "not_fulfilled": "Not fulfilled",
    "not_assessable": "Not assessable",
    "distribution": "Distribution",
    "focus_areas_heading": "Status by focus area",
    "focus_areas_intro": "The focus areas in order of priority (1 = highest priority).",
    "goals_heading": "Status by vision, goal and sub-goal",
    "priority": "Priority",
    "name": "Name",
    "kind": "Kind",
    "focus_area": "Focus area",
    "owner": "Owner",
    "score": "Score",
    "status": "Status",
    "coverage": "Coverage",
    "history": "Score over time",
    "manual": "Manual assessment",
    "computed": "Computed status",
    "no_nodes": "The strategy has no nodes of this kind.",
    "indicators_heading": "Indicators",
    "indicators_intro": "Outcome of each indicator against its baseline and target. Trend by Statistics "
                        "Canada's method (observed against required rate of change), arrow as in the SDSN "
                        "SDG dashboards.",
    "indicator": "Indicator",
    "unit_of_measure": "Unit",
    "baseline": "Baseline",
    "target": "Target",
    "outcome": "Outcome",
    "trend": "Trend",
    "arrow": "SDG arrow",
    "forecast": "Forecast",
    "chart": "Development",
    "no_value": "missing",
    "also_counts": "Also counts toward",
    "other_indicators": "Indicators without a parent",
    "no_indicators": "The strategy has no indicators.",
    "direction": {"higher_is_better": "Higher is better", "lower_is_better": "Lower is better",
                  "band": "Best within {low}–{high}"},
    "target_reached": "Target reached",
    "milestone_reached": "Milestone reached",
    "final_target": "final target {value} ({period})",
    "not_at_pace": "Not at the current pace",
    "forecast_year": "in {year}",
    "ratio": "Ratio of observed to required pace",
    "spark_title": "{name}: values {values}",
    "spark_target": "target {target}",
    "origin": {"units": "from the units", "carried_forward": "carried forward to {period}",
               "imputed": "imputed"},
    "action_plan": "Action plan",
    "action_plan_intro": "The action plans' activities up to {year} by year and focus area.",
    "activities_by_status": "Activities by status",
    "activities": "Activities",
    "year": "Year",
    "total": "Total",
    "activity": "Activity",
    "means": "Means",
    "cost": "Cost",
    "hours": "Hours",
    "planned": "Planned",
    "spent": "Spent",
    "no_activities": "The action plan has no activities for the unit and period.",
    "no_focus_area": "No focus area",
    "legend": "Legend and method",
    "legend_status": "Status (colour and word): fulfilled, partly fulfilled, marginally fulfilled, not "
                     "fulfilled, not assessable (too little data), not applicable (does not apply to the "
                     "unit). Manual assessments replace the computed status; the computed one is shown "
                     "beside it.",
    "legend_trend": "Trend: the ratio R of the observed to the required rate of change from the baseline to "
                    "the target. Target achieved; on track (R ≥ 0.95); progress made but acceleration "
                    "needed (0.60 ≤ R < 0.95); limited progress (0 ≤ R < 0.60); deterioration (R < 0).",
    "legend_arrow": "Arrow: ↑ on track or maintaining achievement, ➚ moderately improving, → stagnating, "
                    "↓ decreasing, – not assessable.",
    "legend_forecast": "Forecast: the year the target is reached if the current pace continues.",
    "legend_missing": "– means that the value is missing; it never stands for 0.",
    "legend_over": "▲ after a cost or hours: more was spent than planned.",
    "over_plan": "More spent than planned",
    "legend_chart": "Chart: values by period, the latest marked; dashed line = target, green field = the "
                    "desired interval.",
    "footer": "Made with styrkort {version}.",
    "decimal": ".",
    "thousands": ",",
    "status_word": {"green": "Fulfilled", "yellow": "Partly fulfilled", "orange": "Marginally fulfilled",
                    "red": "Not fulfilled", "not_assessable": "Not assessable",
                    "not_applicable": "Not applicable"},
    "kind_name": {"vision": "Vision", "goal": "Goal", "direction": "Direction", "focus_area": "Focus area",
                  "sub_goal": "Sub-goal", "activity": "Activity", "indicator": "Indicator"},
    "kind_plural": {"vision": "Vision", "goal": "Goals", "direction": "Directions",
                    "focus_area": "Focus areas", "sub_goal": "Sub-goals", "activity": "Activities",
                    "indicator": "Indicators"},
    "trend_word": {"target_achieved": "Target achieved", "on_track": "On track",
                   "acceleration_needed": "Progress made but acceleration needed",
                   "limited_progress": "Limited progress", "deterioration": "Deterioration",
                   "not_assessable": "Not assessable"},
    "arrow_word": {"on_track": "On track or maintaining achievement",
                   "moderately_improving": "Moderately improving", "stagnating": "Stagnating",
                   "decreasing": "Decreasing", "not_assessable": "Not assessable"},
    "activity_status": {"not_started": "Not started", "started": "Started", "completed": "Completed",
                        "delayed": "Delayed", "cancelled": "Cancelled"},
    "means_word": {"twin_city": "Twin city", "partnership": "Partnership", "network": "Network",
                   "project": "Project"},
    # proposed allocation and selected projects
    "allocation_heading": "Proposed allocation",
    "allocation_intro": "Proposed split{year} of own money and staff days across the focus areas in order of "
                        "priority. Own money in projects can be matched by external co-financing (e.g. EU "
                        "funds): at a co-financing rate r one unit of own money moves 1/(1−r) units of "
                        "activity, up to the grant's cap. The money is split to maximise the priority-weighted "
                        "benefit of the total activity, the staff days in whole days by the weights "
                        "(D'Hondt method).",
    "allocation_year": " for {year}",
    "allocation_sentence": "Own money of {own} is matched by {external} of external funding: {total} of "
                           "activity ({factor} times the own money). {days} staff days are split.",
    "weights_from": "The weights come from the focus areas' priority ranks: {method}.",
    "weighting_word": {"rank_order_centroid": "rank-order centroid (ROC)", "rank_sum": "rank sum",
                       "rank_reciprocal": "rank reciprocal", "geometric": "geometric weights",
                       "equal": "equal weights"},
    "binding_intro": "Binding limit: floor means the area gets only its guaranteed minimum, cap that it has "
                     "reached its maximum.",
    "weight": "Weight",
    "own": "Own money",
    "external": "External funding",
    "total_activity": "Total activity",
    "binding": "Binding limit",
    "binding_word": {"floor": "Floor", "cap": "Cap", "": "none"},
    "staff_days": "Staff days",
    "split_chart": "Own money and external funding",
    "co_financing": "Co-financing",
    "bar_title": "{name}: own money {own}, external funding {external}",
    "projects_heading": "Selected projects",
    "projects_intro": "The project proposals that together give the greatest value (expected contribution) "
                      "within the budgets for own money and staff hours. At most one proposal from each group "
                      "of alternatives; proposals that must be included are, and excluded ones are not.",
    "project": "Project",
    "value": "Value",
    "must_word": "must",
    "never_word": "excluded",
    "resource": "Resource",
    "selected_amount": "Selected",
    "budget": "Budget",
    "left": "Left",
    "hours_budget": "Staff hours",
    "no_limit": "no limit",
    "no_projects": "No proposal was selected.",
    "infeasible": "No selection meeting every constraint was found{why}.",
    "proven": "The selection is proven optimal: no other selection within the budget has a higher value. "
              "Value {value}, upper bound {bound}, gap {gap}.",
    "not_proven": "The selection is not proven optimal: value {value}, upper bound {bound}, gap {gap} "
                  "({relative}){why}.",
    "stopped_by": "; the search was stopped by the {limit}",
    "limit_word": {"time": "time limit of {n} s", "node": "node limit of {n} nodes"},
    "method_word": {"branch_and_bound": "exact (branch and bound with the LP bound)",
                    "greedy": "greedy by value per unit of money (for comparison)"},
    "method": "Method",
    "not_selected": "Proposals not selected",
}


# the report's action-plan and funds sections
SECTIONS: Dict[str, Any] = {
    "followup_heading": "Follow-up of the {year} action plan",
    "followup_intro": "The activities of the {year} action plan by focus area, owner, means and direction: how "
                      "many were completed, planned against spent cost and time, and the goal attainment of "
                      "activities without data.",
    "gas_intro": "Activities without data are rated by Goal Attainment Scaling (Kiresuk & Sherman 1968): the "
                 "outcome is rated from −2 (much less than expected) to +2 (much more), 0 being the expected "
                 "outcome described beforehand. The T-score summarises a group of activities: 50 = as "
                 "expected, above 50 better, below 50 worse (ρ = {rho}). Activities not yet rated are left out.",
    "by_focus_area": "By focus area",
    "by_owner": "By owner",
    "by_means": "By means",
    "by_direction": "By direction (an activity counts under each of its directions)",
    "owner_col": "Owners",
    "owner": "Owner",
    "means": "Means",
    "direction": "Direction",
    "activities": "Activities",
    "completed": "Completed",
    "share_completed": "Share completed",
    "cost_ratio": "Spent of planned cost",
    "hours_ratio": "Spent of planned time",
    "t_score": "T-score",
    "assessed": "{n} of {m} rated",
    "gas_list": "Goal attainment per activity",
    "level": "Level",
    "expected": "Expected outcome (0)",
    "outcome": "Outcome attained",
    "not_rated": "not rated",
    "none_direction": "(no direction)",
    "none_means": "(no means given)",
    "none_owner": "(no owner)",
    "funds_heading": "Compilation of granted EU and international project funds",
    "funds_intro": "Granted and closed projects with external funding: the grant, the own co-financing, "
                   "leverage (total project budget per unit of own money), the share of applications granted "
                   "and the pre-financing needed because grants are paid in arrears.",
    "funds_sentence": "{n} granted projects received {granted} of external funds against {own} of own "
                      "co-financing, {total} in all (leverage {lev}). {decided} applications have been decided, "
                      "{success} of them granted; {pending} await a decision.",
    "by_programme": "By programme",
    "by_area_year": "Granted funds by focus area and year of decision",
    "programme": "Programme",
    "projects": "Projects",
    "granted": "Granted",
    "own": "Own contribution",
    "total": "Total",
    "leverage": "Leverage",
    "external_share": "External share",
    "success_rate": "Applications granted",
    "success_cell": "{g} of {d}",
    "amount_rate": "Granted of amount applied for",
    "pending": "Awaiting decision",
    "sum": "Total",
    "liquidity": "Pre-financing",
    "liquidity_intro": "Grants are paid in arrears: the municipality pays the grant's share of the costs until "
                       "the payment arrives. Computed with the costs spread evenly over the project period and "
                       "each project's terms for advance, reporting period, waiting time and retention "
                       "(default: no advance, half-yearly claims paid 3 months later).",
    "liquidity_sentence": "The largest pre-financing need is {peak} in {month}.",
    "liquidity_chart": "Pre-financing need per month",
    "grants_list": "Granted projects",
    "project": "Project",
    "period": "Project period",
    "rate": "Rate",
    "status": "Status",
    "peak": "Largest need",
    "fund_status": {"applied": "Applied", "granted": "Granted", "rejected": "Rejected", "closed": "Closed"},
    "no_funds": "No granted projects.",
    "focus_area": "Focus area",
    "no_focus_area": "(no focus area)",
    "month_axis": "month",
}


# the plots (plotting.py), besides REPORT's words
PLOTS: Dict[str, Any] = {
    "dashboard_by_period": "Status by period – {unit}",
    "dashboard_by_unit": "Status by unit – period {period}",
    "green_threshold": "Green threshold {value}",
    "red_threshold": "Red threshold {value}",
    "target_line": "Target {value}",
    "target_point": "Target {value} in {period}",
    "milestones": "Milestones",
    "baseline_point": "Baseline {value} ({period})",
    "latest": "Latest outcome ({period}): {status}",
    "forecast_point": "Forecast: target reached {when}",
    "no_values": "No values for the unit",
    "staff_days_note": "{n} staff days",
    "amount": "Amount",
    "units": "Whole units",
    "split_title": "Split ({method})",
}


# column headers of tables written to Excel
HEADERS: Dict[str, Any] = {
    "unit": "Unit", "node": "Node", "kind": "Kind", "name": "Name", "period": "Period", "time": "Time",
    "indicator": "Indicator", "value": "Value", "note": "Note", "origin": "Origin",
    "target": "Target", "score": "Score", "status": "Status", "computed_status": "Computed status",
    "comment": "Comment", "coverage": "Coverage", "rank": "Rank", "imputed": "Imputed",
    "trend": "Trend", "trend_ratio": "Ratio of observed to required pace", "arrow": "SDG arrow",
    "forecast": "Forecast (year)", "id": "Id", "focus_area": "Focus area", "year": "Year",
    "directions": "Directions", "means": "Means", "owner": "Owner", "activity": "Activity",
    "planned_cost": "Planned cost", "spent_cost": "Spent cost", "planned_hours": "Planned hours",
    "spent_hours": "Spent hours", "share_completed": "Share completed", "gas_t_score": "GAS T-score",
    "gas_minus2": "GAS −2", "gas_minus1": "GAS −1", "gas_expected": "GAS 0 (expected)",
    "gas_plus1": "GAS +1", "gas_plus2": "GAS +2", "gas_attained": "GAS level attained", "gas_weight": "GAS weight",
    "programme": "Programme", "granted": "Granted", "applied": "Applied for", "own": "Own money",
    "external": "External funding", "total": "Total", "rate": "Co-financing rate",
    "leverage": "Leverage", "success_rate": "Success rate of applications", "staff_days": "Staff days",
    "priority": "Priority", "weight": "Weight", "binding": "Binding limit", "area": "Area", "cost": "Cost",
    "hours": "Hours", "selected": "Selected", "must": "Must", "never": "Excluded", "group": "Group",
    "n": "Number", "count": "Number", "amount": "Amount", "start": "Start", "end": "End",
    "acceptability": "Acceptability", "mc_error": "Monte Carlo error", "floor": "Floor", "cap": "Cap",
    "liquidity_need": "Liquidity need", "focus_area_name": "Focus area name",
    "cost_deviation": "Cost deviation", "hours_deviation": "Hours deviation", "cost_ratio": "Cost spent/planned",
    "hours_ratio": "Hours spent/planned", "gas_outcome": "GAS outcome attained", "activities": "Activities",
    "not_started": "Not started", "started": "Started", "completed": "Completed", "delayed": "Delayed",
    "cancelled": "Cancelled", "gas_activities": "Activities with GAS", "gas_assessed": "GAS assessed",
    "gas_mean_level": "GAS mean level", "project": "Project", "decided": "Decided", "advance": "Advance",
    "claim_months": "Months per claim", "lag_months": "Months to payment", "retention": "Retention",
    "projects": "Projects", "external_share": "External share", "applications": "Applications",
    "pending": "Awaiting decision", "granted_count": "Granted", "rejected": "Rejected",
    "applied_decided": "Applied for in decided applications", "amount_rate": "Share of amount applied for granted",
    "incurred": "Incurred", "received": "Received", "peak_need": "Peak liquidity need", "month": "Month",
    "outstanding": "Outstanding", "need": "Liquidity need", "reason": "Reason", "manual": "Manual",
    "code": "Code", "message": "Message",
}


# titles of the result sheets in Excel
SHEETS: Dict[str, Any] = {"scores": "Scores", "statuses": "Statuses", "trends": "Trends", "activities": "Action plan",
       "follow_up": "Action plan follow-up", "funds": "External funds",
       "funds_compilation": "Funds compilation", "liquidity": "Pre-financing", "allocation": "Allocation",
       "selected_projects": "Selected projects", "warnings": "Warnings"}
