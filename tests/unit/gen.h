/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * gen.h - random valid scst.conf models for property tests, fuzz seeds and
 * benchmarks.  Deterministic: the same seed gives the same model.
 */
#ifndef TEST_GEN_H
#define TEST_GEN_H

#include <stdint.h>

#include "scstcfg/scstcfg.h"

/**
 * gen_model() - build a random model that scstcfg_model_validate() accepts.
 * @seed: any value
 * @out:  the model (free with scstcfg_model_free())
 *
 * Covers handlers, devices, drivers, targets (HW_TARGET), LUNs with
 * attributes, groups with LUNs and initiators, ALUA, device groups, target
 * groups and their targets; values with blanks, '#', '\', '"', braces, '=',
 * tabs and empty values; names with '#', '\', '"', braces and '*'.
 *
 * Return: 0 or -ENOMEM.
 */
int gen_model(uint64_t seed, struct scstcfg_model **out);

/* The generator's deterministic random stream, for other generators
 * (tests/scstadmin/live-gen.c): xorshift64*, seeded like gen_model(). */
struct gen_rng {
	uint64_t s;
};

/* Start a stream; the same seed gives the same numbers. */
void gen_rng_seed(struct gen_rng *r, uint64_t seed);

/* A number in [0, n) (0 when n is 0). */
unsigned int gen_rng_below(struct gen_rng *r, unsigned int n);

#endif
