/**
 * The tensor-level transformer: configs, checkpoint and tokenizer loading (one adapter per architecture in
 * {@code arch}), named hook points ({@code hooks}), components and trainable component sets, engine and
 * device setup. Imports nothing else of ours; every other package builds on it.
 */
package dev.locus.model;
