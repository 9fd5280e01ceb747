/* scenario.h: scenario overlays on the parsed YAML tree (docs/model.md,
 * "Scenarios").
 *
 * A model's top-level `scenarios:` maps a scenario name to an overlay: a
 * mapping from dotted paths (units.kad.beds, demand.0.rate) to new values.
 * Applying a scenario rewrites the YAML tree before the loader reads it, so
 * every key of the model format works in a scenario without the overlay
 * knowing about it; the loader then validates the result like any model.
 * Internal to src/model. */
#ifndef SF_SCENARIO_H
#define SF_SCENARIO_H

#include "model/load.h"
#include "model/ynode.h"

/* Longest path, in segments: deeper than any model can nest anyway. */
enum { SF_SCENARIO_MAX_DEPTH = SF_YNODE_MAX_DEPTH };

/* Checks the shape of the top-level `scenarios` node n (a mapping of names
 * to overlays whose keys are well-formed paths) and stores the names in
 * the model (m->nscenarios, m->scenario_names). n may be NULL. */
int sf_scenario_list(sf_load *L, const sf_ynode *n);

/* The tree of scenario `name` applied to root, built in arena a (the
 * original tree is shared, not changed). file names the source in
 * diagnostics; every diagnostic starts "scenario 'name': ". Returns SF_OK,
 * SF_ERR_ARG (no such scenario), SF_ERR_MODEL (a path that cannot be
 * applied) or SF_ERR_NOMEM. */
int sf_scenario_apply(sf_arena *a, const char *file, const sf_ynode *root, const char *name,
                      const sf_ynode **out, sf_diag *diag);

#endif
