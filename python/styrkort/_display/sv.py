"""Every user-facing word in Swedish, as data: the report, the plots, the Excel
headers and sheet titles. The same keys in every language (a test checks it)."""

from typing import Any, Dict

# the board report (report/)
REPORT: Dict[str, Any] = {
    "report": "Uppföljningsrapport",
    "contents": "Innehåll",
    "strategy": "Strategi",
    "organisation": "Organisation",
    "unit": "Uppföljd enhet",
    "period": "Period",
    "generated": "Rapporten skapad",
    "notes_heading": "Observera",
    "notes_intro": "Mätvärdena i rapporten har följande anmärkningar:",
    "warnings_heading": "Att ta hänsyn till",
    "warnings_intro": "Beräkningen vilar på tunn grund på dessa punkter:",
    "warnings_more": "och {n} till (alla finns i Evaluation.warnings och med styrkort evaluate --warnings all)",
    "warning": {
        "missing_target": "{node} saknar mål för {unit} och kan därför inte bedömas.",
        "missing_target_all": "{node} har varken mål, gränsvärden eller angiven normalisering och kan inte bedömas.",
        "unreachable_threshold": "Gränsen för grönt eller gult för {node} ligger över 100 och kan inte nås.",
        "low_coverage": "Statusen för {node} bygger på bara {coverage} av indikatorerna.",
        "subunit_values_only": "{node} saknar eget värde för {unit} fast underenheterna har värden "
                               "(ange hur de ska läggas samman).",
        "score_capped": "Värdet för {node} ligger utanför skalan; poängen hålls vid skalans ände.",
        "imputed": "Poängen för {node} är medelvärdet för jämförbara enheter, inte egna data.",
    },
    "summary": "Måluppfyllelse",
    "summary_intro": "Andel mål, fokusområden och indikatorer per status för {unit}, period {period}. "
                     "Noder som inte är tillämpliga för enheten räknas inte.",
    "summary_sentence": "Av {n} fokusområden är {fulfilled} uppfyllda, {partly} delvis uppfyllda, "
                        "{not_fulfilled} ej uppfyllda och {not_assessable} kan ej bedömas.",
    "level": "Nivå",
    "count": "Antal",
    "fulfilled": "Uppfyllt",
    "partly": "Delvis uppfyllt",
    "not_fulfilled": "Ej uppfyllt",
    "not_assessable": "Kan ej bedömas",
    "distribution": "Fördelning",
    "focus_areas_heading": "Status per fokusområde",
    "focus_areas_intro": "Fokusområdena i prioritetsordning (1 = högst prioriterat).",
    "goals_heading": "Status per vision, mål och delmål",
    "priority": "Prio",
    "name": "Namn",
    "kind": "Typ",
    "focus_area": "Fokusområde",
    "owner": "Ansvarig",
    "score": "Poäng",
    "status": "Status",
    "coverage": "Täckning",
    "history": "Poäng över tid",
    "manual": "Manuell bedömning",
    "computed": "Beräknad status",
    "no_nodes": "Strategin har inga noder av denna typ.",
    "indicators_heading": "Indikatorer",
    "indicators_intro": "Utfall per indikator jämfört med utgångsvärde och målvärde. Trend enligt "
                        "Statistiska centralbyrån i Kanadas metod (observerad mot nödvändig "
                        "förändringstakt), pil enligt SDG-dashboarden (SDSN).",
    "indicator": "Indikator",
    "unit_of_measure": "Måttenhet",
    "baseline": "Utgångsvärde",
    "target": "Målvärde",
    "outcome": "Utfall",
    "trend": "Trend",
    "arrow": "SDG-pil",
    "forecast": "Prognos",
    "chart": "Utveckling",
    "no_value": "saknas",
    "also_counts": "Räknas även till",
    "other_indicators": "Indikatorer utan överordnad nod",
    "no_indicators": "Strategin har inga indikatorer.",
    "direction": {"higher_is_better": "Högre är bättre", "lower_is_better": "Lägre är bättre",
                  "band": "Bäst inom {low}–{high}"},
    "target_reached": "Målet nått",
    "milestone_reached": "Delmålet nått",
    "final_target": "slutmål {value} ({period})",
    "not_at_pace": "Inte i nuvarande takt",
    "forecast_year": "år {year}",
    "ratio": "Kvot observerad/nödvändig takt",
    "spark_title": "{name}: värden {values}",
    "spark_target": "målvärde {target}",
    "origin": {"units": "från enheterna", "carried_forward": "överfört till {period}",
               "imputed": "imputerat"},
    "action_plan": "Handlingsplan",
    "action_plan_intro": "Handlingsplanernas aktiviteter till och med {year} per år och fokusområde.",
    "activities_by_status": "Aktiviteter per status",
    "activities": "Aktiviteter",
    "year": "År",
    "total": "Totalt",
    "activity": "Aktivitet",
    "means": "Arbetsform",
    "cost": "Kostnad",
    "hours": "Timmar",
    "planned": "Planerad",
    "spent": "Utfall",
    "no_activities": "Handlingsplanen har inga aktiviteter för enheten och perioden.",
    "no_focus_area": "Utan fokusområde",
    "legend": "Teckenförklaring och metod",
    "legend_status": "Status (färg och ord): uppfyllt, delvis uppfyllt, i liten grad uppfyllt, ej uppfyllt, "
                     "kan ej bedömas (för lite data), ej tillämplig (gäller inte enheten). Manuella "
                     "bedömningar ersätter den beräknade statusen; den beräknade visas bredvid.",
    "legend_trend": "Trend: kvoten R mellan observerad och nödvändig förändringstakt från utgångsvärdet "
                    "till målvärdet. Målet nått; i fas (R ≥ 0,95); framsteg men takten behöver öka "
                    "(0,60 ≤ R < 0,95); begränsade framsteg (0 ≤ R < 0,60); försämring (R < 0).",
    "legend_arrow": "Pil: ↑ i fas eller målet bibehålls, ➚ måttlig förbättring, → stagnerar, ↓ försämras, "
                    "– kan ej bedömas.",
    "legend_forecast": "Prognos: året då målvärdet nås om nuvarande takt fortsätter.",
    "legend_missing": "– betyder att uppgift saknas; det är aldrig detsamma som 0.",
    "legend_over": "▲ efter kostnad eller timmar: utfallet är högre än planerat.",
    "over_plan": "Utfallet är högre än planerat",
    "legend_chart": "Diagram: värden per period, senaste värdet markerat; streckad linje = målvärde, "
                    "grönt fält = önskat intervall.",
    "footer": "Skapad med styrkort {version}.",
    "decimal": ",",
    "thousands": "\u00a0",
    "status_word": {"green": "Uppfyllt", "yellow": "Delvis uppfyllt", "orange": "I liten grad uppfyllt",
                    "red": "Ej uppfyllt", "not_assessable": "Kan ej bedömas",
                    "not_applicable": "Ej tillämplig"},
    "kind_name": {"vision": "Vision", "goal": "Mål", "direction": "Inriktning", "focus_area": "Fokusområde",
                  "sub_goal": "Delmål", "activity": "Aktivitet", "indicator": "Indikator"},
    "kind_plural": {"vision": "Vision", "goal": "Mål", "direction": "Inriktningar",
                    "focus_area": "Fokusområden", "sub_goal": "Delmål", "activity": "Aktiviteter",
                    "indicator": "Indikatorer"},
    "trend_word": {"target_achieved": "Målet nått", "on_track": "I fas",
                   "acceleration_needed": "Framsteg, men takten behöver öka",
                   "limited_progress": "Begränsade framsteg", "deterioration": "Försämring",
                   "not_assessable": "Kan ej bedömas"},
    "arrow_word": {"on_track": "I fas eller målet bibehålls", "moderately_improving": "Måttlig förbättring",
                   "stagnating": "Stagnerar", "decreasing": "Försämras", "not_assessable": "Kan ej bedömas"},
    "activity_status": {"not_started": "Ej påbörjad", "started": "Påbörjad", "completed": "Genomförd",
                        "delayed": "Försenad", "cancelled": "Inställd"},
    "means_word": {"twin_city": "Vänortssamarbete", "partnership": "Partnerskap", "network": "Nätverk",
                   "project": "Projekt"},
    # proposed allocation and selected projects
    "allocation_heading": "Förslag till fördelning",
    "allocation_intro": "Förslag till fördelning{year} av egna medel och personaldagar över fokusområdena i "
                        "prioritetsordning. Egna medel i projekt kan växlas upp med extern medfinansiering "
                        "(t.ex. EU-medel): med medfinansieringsgraden r ger en krona egna medel 1/(1−r) kronor "
                        "i verksamhet, upp till bidragets tak. Pengarna fördelas så att den prioritetsviktade "
                        "nyttan av den totala verksamheten blir så stor som möjligt, personaldagarna i hela "
                        "dagar efter vikterna (d'Hondts metod).",
    "allocation_year": " för {year}",
    "allocation_sentence": "Egna medel på {own} växlas upp med {external} i extern finansiering till {total} "
                           "i verksamhet ({factor} gånger de egna medlen). {days} personaldagar fördelas.",
    "weights_from": "Vikterna kommer från fokusområdenas prioritetsordning: {method}.",
    "weighting_word": {"rank_order_centroid": "rangordningscentroid (ROC)", "rank_sum": "rangsumma",
                       "rank_reciprocal": "reciproka rangvikter", "geometric": "geometriska vikter",
                       "equal": "lika vikter"},
    "binding_intro": "Bindande gräns: golv betyder att området bara får sin lägsta nivå, tak att det har nått "
                     "sitt tak.",
    "weight": "Vikt",
    "own": "Egna medel",
    "external": "Extern finansiering",
    "total_activity": "Total verksamhet",
    "binding": "Bindande gräns",
    "binding_word": {"floor": "Golv", "cap": "Tak", "": "ingen"},
    "staff_days": "Personal\u00addagar",  # a soft hyphen: the column is narrow
    "split_chart": "Egna medel och extern finansiering",
    "co_financing": "Medfinansiering",
    "bar_title": "{name}: egna medel {own}, extern finansiering {external}",
    "projects_heading": "Valda projekt",
    "projects_intro": "De projektförslag som tillsammans ger störst värde (förväntat bidrag) inom budgeten för "
                      "egna medel och personaltimmar. Högst ett förslag ur varje grupp av alternativ; förslag "
                      "som måste med är med och uteslutna förslag är uteslutna.",
    "project": "Projekt",
    "value": "Värde",
    "must_word": "måste med",
    "never_word": "utesluten",
    "resource": "Resurs",
    "selected_amount": "Valt",
    "budget": "Budget",
    "left": "Kvar",
    "hours_budget": "Personaltimmar",
    "no_limit": "ingen gräns",
    "no_projects": "Inget förslag valdes.",
    "infeasible": "Inget urval som uppfyller alla villkor hittades{why}.",
    "proven": "Urvalet är bevisat optimalt: inget annat urval inom budgeten ger högre värde. Värde {value}, "
              "övre gräns {bound}, gap {gap}.",
    "not_proven": "Urvalet är inte bevisat optimalt: värde {value}, övre gräns {bound}, gap {gap} "
                  "({relative}){why}.",
    "stopped_by": "; sökningen stoppades av {limit}",
    "limit_word": {"time": "tidsgränsen på {n} s", "node": "gränsen på {n} noder"},
    "method_word": {"branch_and_bound": "exakt (branch and bound med LP-gräns)",
                    "greedy": "girig efter värde per krona (för jämförelse)"},
    "method": "Metod",
    "not_selected": "Ej valda förslag",
}


# the report's action-plan and funds sections
SECTIONS: Dict[str, Any] = {
    "followup_heading": "Uppföljning av handlingsplanen {year}",
    "followup_intro": "Aktiviteterna i {year} års handlingsplan per fokusområde, ansvarig, arbetsform och inriktning: "
                      "hur många som genomförts, planerad mot förbrukad kostnad och tid, och målskattningen "
                      "för aktiviteter utan mätvärden.",
    "gas_intro": "Aktiviteter utan mätvärden bedöms med målskattning (Goal Attainment Scaling, Kiresuk & "
                 "Sherman 1968): utfallet skattas från −2 (mycket sämre än förväntat) till +2 (mycket bättre), "
                 "där 0 är det förväntade utfallet som beskrivits i förväg. T-poängen sammanfattar en grupp "
                 "aktiviteter: 50 = som förväntat, över 50 bättre, under 50 sämre (ρ = {rho}). "
                 "Aktiviteter som ännu inte skattats ingår inte.",
    "by_focus_area": "Per fokusområde",
    "by_owner": "Per ansvarig",
    "by_means": "Per arbetsform",
    "by_direction": "Per inriktning (en aktivitet räknas under var och en av sina inriktningar)",
    "owner_col": "Ansvariga",
    "owner": "Ansvarig",
    "means": "Arbetsform",
    "direction": "Inriktning",
    "activities": "Aktiviteter",
    "completed": "Genomförda",
    "share_completed": "Andel genomförda",
    "cost_ratio": "Förbrukat av planerad kostnad",
    "hours_ratio": "Förbrukat av planerad tid",
    "t_score": "T-poäng",
    "assessed": "{n} av {m} skattade",
    "gas_list": "Målskattning per aktivitet",
    "level": "Nivå",
    "expected": "Förväntat utfall (0)",
    "outcome": "Uppnått utfall",
    "not_rated": "ej skattad",
    "none_direction": "(ingen inriktning)",
    "none_means": "(inget medel angivet)",
    "none_owner": "(ingen ansvarig)",
    "funds_heading": "Sammanställning av beviljade EU- och internationella projektmedel",
    "funds_intro": "Beviljade och avslutade projekt med extern finansiering: beviljat belopp, egen "
                   "medfinansiering, hävstång (total projektbudget per krona egna medel), andelen beviljade "
                   "ansökningar och behovet av förfinansiering när bidraget betalas ut i efterhand.",
    "funds_sentence": "{n} beviljade projekt har fått {granted} i externa medel mot {own} i egen "
                      "medfinansiering, sammanlagt {total} (hävstång {lev}). {decided} ansökningar har "
                      "beslutats, varav {success} beviljades; {pending} väntar på beslut.",
    "by_programme": "Per program",
    "by_area_year": "Beviljade medel per fokusområde och beslutsår",
    "programme": "Program",
    "projects": "Projekt",
    "granted": "Beviljat",
    "own": "Egen insats",
    "total": "Totalt",
    "leverage": "Hävstång",
    "external_share": "Extern andel",
    "success_rate": "Beviljade ansökningar",
    "success_cell": "{g} av {d}",
    "amount_rate": "Beviljat av sökt belopp",
    "pending": "Väntar på beslut",
    "sum": "Summa",
    "liquidity": "Förfinansiering",
    "liquidity_intro": "Bidragen betalas ut i efterhand: kommunen lägger ut bidragsdelen av kostnaderna tills "
                       "utbetalningen kommer. Beräknat med kostnaderna jämnt fördelade över projekttiden och "
                       "varje projekts villkor för förskott, rapportperiod, väntetid och innehållen del "
                       "(standard: inget förskott, halvårsvis rekvisition, utbetalning 3 månader senare).",
    "liquidity_sentence": "Det största förfinansieringsbehovet är {peak} i {month}.",
    "liquidity_chart": "Förfinansieringsbehov per månad",
    "grants_list": "Beviljade projekt",
    "project": "Projekt",
    "period": "Projekttid",
    "rate": "Stödnivå",
    "status": "Status",
    "peak": "Största behov",
    "fund_status": {"applied": "Ansökt", "granted": "Beviljat", "rejected": "Avslag", "closed": "Avslutat"},
    "no_funds": "Inga beviljade projekt.",
    "focus_area": "Fokusområde",
    "no_focus_area": "(utan fokusområde)",
    "month_axis": "månad",
}


# the plots (plotting.py), besides REPORT's words
PLOTS: Dict[str, Any] = {
    "dashboard_by_period": "Status per period – {unit}",
    "dashboard_by_unit": "Status per enhet – period {period}",
    "green_threshold": "Gräns för grönt {value}",
    "red_threshold": "Gräns för rött {value}",
    "target_line": "Målvärde {value}",
    "target_point": "Målvärde {value} år {period}",
    "milestones": "Delmål",
    "baseline_point": "Utgångsvärde {value} ({period})",
    "latest": "Senaste utfall ({period}): {status}",
    "forecast_point": "Prognos: målvärdet nås {when}",
    "no_values": "Inga värden för enheten",
    "staff_days_note": "{n} personaldagar",
    "amount": "Belopp",
    "units": "Hela enheter",
    "split_title": "Fördelning ({method})",
}


# column headers of tables written to Excel
HEADERS: Dict[str, Any] = {
    "unit": "Enhet", "node": "Nod", "kind": "Typ", "name": "Namn", "period": "Period", "time": "Tid",
    "indicator": "Indikator", "value": "Värde", "note": "Anmärkning", "origin": "Ursprung",
    "target": "Målvärde", "score": "Poäng", "status": "Status", "computed_status": "Beräknad status",
    "comment": "Kommentar", "coverage": "Täckning", "rank": "Rang", "imputed": "Imputerat",
    "trend": "Trend", "trend_ratio": "Kvot observerad/nödvändig takt", "arrow": "SDG-pil",
    "forecast": "Prognos (år)", "id": "Id", "focus_area": "Fokusområde", "year": "År",
    "directions": "Inriktningar", "means": "Arbetsform", "owner": "Ansvarig", "activity": "Aktivitet",
    "planned_cost": "Planerad kostnad", "spent_cost": "Kostnad utfall", "planned_hours": "Planerade timmar",
    "spent_hours": "Timmar utfall", "share_completed": "Andel genomförda", "gas_t_score": "GAS T-värde",
    "gas_minus2": "GAS −2", "gas_minus1": "GAS −1", "gas_expected": "GAS 0 (förväntat)",
    "gas_plus1": "GAS +1", "gas_plus2": "GAS +2", "gas_attained": "GAS uppnådd nivå", "gas_weight": "GAS-vikt",
    "programme": "Program", "granted": "Beviljat", "applied": "Sökt", "own": "Egna medel",
    "external": "Extern finansiering", "total": "Totalt", "rate": "Medfinansieringsgrad",
    "leverage": "Hävstång", "success_rate": "Andel beviljade ansökningar", "staff_days": "Personaldagar",
    "priority": "Prio", "weight": "Vikt", "binding": "Bindande gräns", "area": "Område", "cost": "Kostnad",
    "hours": "Timmar", "selected": "Valt", "must": "Måste med", "never": "Utesluten", "group": "Grupp",
    "n": "Antal", "count": "Antal", "amount": "Belopp", "start": "Start", "end": "Slut",
    "acceptability": "Acceptans", "mc_error": "Monte Carlo-fel", "floor": "Golv", "cap": "Tak",
    "liquidity_need": "Likviditetsbehov", "focus_area_name": "Fokusområdets namn",
    "cost_deviation": "Kostnadsavvikelse", "hours_deviation": "Timavvikelse", "cost_ratio": "Kostnad utfall/plan",
    "hours_ratio": "Timmar utfall/plan", "gas_outcome": "GAS uppnått utfall", "activities": "Aktiviteter",
    "not_started": "Ej påbörjade", "started": "Påbörjade", "completed": "Genomförda", "delayed": "Försenade",
    "cancelled": "Inställda", "gas_activities": "Aktiviteter med GAS", "gas_assessed": "GAS bedömda",
    "gas_mean_level": "GAS medelnivå", "project": "Projekt", "decided": "Beslutade", "advance": "Förskott",
    "claim_months": "Månader per rekvisition", "lag_months": "Månader till utbetalning", "retention": "Innehållet",
    "projects": "Projekt", "external_share": "Andel extern finansiering", "applications": "Ansökningar",
    "pending": "Väntar på beslut", "granted_count": "Beviljade", "rejected": "Avslagna",
    "applied_decided": "Sökt i beslutade ansökningar", "amount_rate": "Andel av sökt belopp beviljad",
    "incurred": "Utgifter", "received": "Utbetalt", "peak_need": "Största likviditetsbehov", "month": "Månad",
    "outstanding": "Utestående", "need": "Likviditetsbehov", "reason": "Skäl", "manual": "Manuell",
    "code": "Kod", "message": "Meddelande",
}


# titles of the result sheets in Excel
SHEETS: Dict[str, Any] = {"scores": "Poäng", "statuses": "Status", "trends": "Trender", "activities": "Handlingsplan",
       "follow_up": "Uppföljning handlingsplan", "funds": "Externa medel",
       "funds_compilation": "Sammanställning medel", "liquidity": "Förfinansiering",
       "allocation": "Fördelning", "selected_projects": "Valda projekt", "warnings": "Varningar"}
