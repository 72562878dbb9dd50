import { z } from 'zod';

/** Weapon classes used across observation kinds and ceasefire rules (DESIGN 4.1). */
export const WEAPON_CLASSES = [
  'small_arms',
  'mortar',
  'tank',
  'artillery', // ≥ 100 mm
  'mlrs',
  'heavy_mlrs',
  'missile',
  'drone',
  'other',
] as const;

export type WeaponClass = (typeof WEAPON_CLASSES)[number];

export const weaponClassSchema = z.enum(WEAPON_CLASSES);
