#define rand	pan_rand
#define pthread_equal(a,b)	((a)==(b))
#if defined(HAS_CODE) && defined(VERBOSE)
	#ifdef BFS_PAR
		bfs_printf("Pr: %d Tr: %d\n", II, t->forw);
	#else
		cpu_printf("Pr: %d Tr: %d\n", II, t->forw);
	#endif
#endif
	switch (t->forw) {
	default: Uerror("bad forward move");
	case 0:	/* if without executable clauses */
		continue;
	case 1: /* generic 'goto' or 'skip' */
		IfNotBlocked
		_m = 3; goto P999;
	case 2: /* generic 'else' */
		IfNotBlocked
		if (trpt->o_pm&1) continue;
		_m = 3; goto P999;

		 /* CLAIM leave_done */
	case 3: // STATE 1 - _spin_nvr.tmp:3 - [((!(!(leaving))&&!(inactive)))] (0:0:0 - 1)
		
#if defined(VERI) && !defined(NP)
#if NCLAIMS>1
		{	static int reported1 = 0;
			if (verbose && !reported1)
			{	int nn = (int) ((Pclaim *)pptr(0))->_n;
				printf("depth %ld: Claim %s (%d), state %d (line %d)\n",
					depth, procname[spin_c_typ[nn]], nn, (int) ((Pclaim *)pptr(0))->_p, src_claim[ (int) ((Pclaim *)pptr(0))->_p ]);
				reported1 = 1;
				fflush(stdout);
		}	}
#else
		{	static int reported1 = 0;
			if (verbose && !reported1)
			{	printf("depth %d: Claim, state %d (line %d)\n",
					(int) depth, (int) ((Pclaim *)pptr(0))->_p, src_claim[ (int) ((Pclaim *)pptr(0))->_p ]);
				reported1 = 1;
				fflush(stdout);
		}	}
#endif
#endif
		reached[4][1] = 1;
		if (!(( !( !(((int)now.leaving)))&& !(((int)now.inactive)))))
			continue;
		_m = 3; goto P999; /* 0 */
	case 4: // STATE 8 - _spin_nvr.tmp:8 - [(!(inactive))] (0:0:0 - 1)
		
#if defined(VERI) && !defined(NP)
#if NCLAIMS>1
		{	static int reported8 = 0;
			if (verbose && !reported8)
			{	int nn = (int) ((Pclaim *)pptr(0))->_n;
				printf("depth %ld: Claim %s (%d), state %d (line %d)\n",
					depth, procname[spin_c_typ[nn]], nn, (int) ((Pclaim *)pptr(0))->_p, src_claim[ (int) ((Pclaim *)pptr(0))->_p ]);
				reported8 = 1;
				fflush(stdout);
		}	}
#else
		{	static int reported8 = 0;
			if (verbose && !reported8)
			{	printf("depth %d: Claim, state %d (line %d)\n",
					(int) depth, (int) ((Pclaim *)pptr(0))->_p, src_claim[ (int) ((Pclaim *)pptr(0))->_p ]);
				reported8 = 1;
				fflush(stdout);
		}	}
#endif
#endif
		reached[4][8] = 1;
		if (!( !(((int)now.inactive))))
			continue;
		_m = 3; goto P999; /* 0 */
	case 5: // STATE 13 - _spin_nvr.tmp:10 - [-end-] (0:0:0 - 1)
		
#if defined(VERI) && !defined(NP)
#if NCLAIMS>1
		{	static int reported13 = 0;
			if (verbose && !reported13)
			{	int nn = (int) ((Pclaim *)pptr(0))->_n;
				printf("depth %ld: Claim %s (%d), state %d (line %d)\n",
					depth, procname[spin_c_typ[nn]], nn, (int) ((Pclaim *)pptr(0))->_p, src_claim[ (int) ((Pclaim *)pptr(0))->_p ]);
				reported13 = 1;
				fflush(stdout);
		}	}
#else
		{	static int reported13 = 0;
			if (verbose && !reported13)
			{	printf("depth %d: Claim, state %d (line %d)\n",
					(int) depth, (int) ((Pclaim *)pptr(0))->_p, src_claim[ (int) ((Pclaim *)pptr(0))->_p ]);
				reported13 = 1;
				fflush(stdout);
		}	}
#endif
#endif
		reached[4][13] = 1;
		if (!delproc(1, II)) continue;
		_m = 3; goto P999; /* 0 */

		 /* PROC :init: */
	case 6: // STATE 1 - ownership.pml:234 - [(run Donor())] (0:0:0 - 1)
		IfNotBlocked
		reached[3][1] = 1;
		if (!(addproc(II, 1, 1, 0)))
			continue;
		_m = 3; goto P999; /* 0 */
	case 7: // STATE 2 - ownership.pml:235 - [(run Borrower(1))] (0:0:0 - 1)
		IfNotBlocked
		reached[3][2] = 1;
		if (!(addproc(II, 1, 2, 1)))
			continue;
		_m = 3; goto P999; /* 0 */
	case 8: // STATE 3 - ownership.pml:236 - [(run Borrower(2))] (0:0:0 - 1)
		IfNotBlocked
		reached[3][3] = 1;
		if (!(addproc(II, 1, 2, 2)))
			continue;
		_m = 3; goto P999; /* 0 */
	case 9: // STATE 4 - ownership.pml:237 - [(run Master(1))] (0:0:0 - 1)
		IfNotBlocked
		reached[3][4] = 1;
		if (!(addproc(II, 1, 0, 1)))
			continue;
		_m = 3; goto P999; /* 0 */
	case 10: // STATE 5 - ownership.pml:238 - [(run Master(2))] (0:0:0 - 1)
		IfNotBlocked
		reached[3][5] = 1;
		if (!(addproc(II, 1, 0, 2)))
			continue;
		_m = 3; goto P999; /* 0 */
	case 11: // STATE 7 - ownership.pml:240 - [-end-] (0:0:0 - 1)
		IfNotBlocked
		reached[3][7] = 1;
		if (!delproc(1, II)) continue;
		_m = 3; goto P999; /* 0 */

		 /* PROC Borrower */
	case 12: // STATE 1 - ownership.pml:184 - [to_b[x]?kind,b] (0:0:2 - 1)
		reached[2][1] = 1;
		if (q_len(now.to_b[ Index(((int)((P2 *)_this)->x), 3) ]) == 0) continue;

		XX=1;
		(trpt+1)->bup.ovals = grab_ints(2);
		(trpt+1)->bup.ovals[0] = ((int)((P2 *)_this)->kind);
		(trpt+1)->bup.ovals[1] = ((int)((P2 *)_this)->b);
		;
		((P2 *)_this)->kind = qrecv(now.to_b[ Index(((int)((P2 *)_this)->x), 3) ], XX-1, 0, 0);
#ifdef VAR_RANGES
		logval("Borrower:kind", ((int)((P2 *)_this)->kind));
#endif
		;
		((P2 *)_this)->b = qrecv(now.to_b[ Index(((int)((P2 *)_this)->x), 3) ], XX-1, 1, 1);
#ifdef VAR_RANGES
		logval("Borrower:b", ((int)((P2 *)_this)->b));
#endif
		;
		
#ifdef HAS_CODE
		if (readtrail && gui) {
			char simtmp[32];
			sprintf(simvals, "%d?", now.to_b[ Index(((int)((P2 *)_this)->x), 3) ]);
		sprintf(simtmp, "%d", ((int)((P2 *)_this)->kind)); strcat(simvals, simtmp);		strcat(simvals, ",");
		sprintf(simtmp, "%d", ((int)((P2 *)_this)->b)); strcat(simvals, simtmp);		}
#endif
		;
		_m = 4; goto P999; /* 0 */
	case 13: // STATE 2 - ownership.pml:186 - [((kind==GRANT))] (0:0:1 - 1)
		IfNotBlocked
		reached[2][2] = 1;
		if (!((((int)((P2 *)_this)->kind)==5)))
			continue;
		if (TstOnly) return 1; /* TT */
		/* dead 1: kind */  (trpt+1)->bup.oval = ((P2 *)_this)->kind;
#ifdef HAS_CODE
		if (!readtrail)
#endif
			((P2 *)_this)->kind = 0;
		_m = 3; goto P999; /* 0 */
	case 14: // STATE 3 - ownership.pml:189 - [(((owner[b]==9)&&(target[b]==x)))] (80:0:2 - 1)
		IfNotBlocked
		reached[2][3] = 1;
		if (!(((((int)now.owner[ Index(((int)((P2 *)_this)->b), 2) ])==9)&&(((int)now.target[ Index(((int)((P2 *)_this)->b), 2) ])==((int)((P2 *)_this)->x)))))
			continue;
		/* merge: owner[b] = x(80, 4, 80) */
		reached[2][4] = 1;
		(trpt+1)->bup.ovals = grab_ints(2);
		(trpt+1)->bup.ovals[0] = ((int)now.owner[ Index(((int)((P2 *)_this)->b), 2) ]);
		now.owner[ Index(((P2 *)_this)->b, 2) ] = ((int)((P2 *)_this)->x);
#ifdef VAR_RANGES
		logval("owner[Borrower:b]", ((int)now.owner[ Index(((int)((P2 *)_this)->b), 2) ]));
#endif
		;
		/* merge: has[((x*2)+b)] = 1(80, 5, 80) */
		reached[2][5] = 1;
		(trpt+1)->bup.ovals[1] = ((int)now.has[ Index(((((int)((P2 *)_this)->x)*2)+((int)((P2 *)_this)->b)), 6) ]);
		now.has[ Index(((((P2 *)_this)->x*2)+((P2 *)_this)->b), 6) ] = 1;
#ifdef VAR_RANGES
		logval("has[((Borrower:x*2)+Borrower:b)]", ((int)now.has[ Index(((((int)((P2 *)_this)->x)*2)+((int)((P2 *)_this)->b)), 6) ]));
#endif
		;
		/* merge: assert((mr[b]!=6))(80, 6, 80) */
		reached[2][6] = 1;
		spin_assert((((int)now.mr[ Index(((int)((P2 *)_this)->b), 2) ])!=6), "(mr[b]!=6)", II, tt, t);
		/* merge: .(goto)(80, 10, 80) */
		reached[2][10] = 1;
		;
		/* merge: .(goto)(0, 56, 80) */
		reached[2][56] = 1;
		;
		/* merge: .(goto)(0, 81, 80) */
		reached[2][81] = 1;
		;
		_m = 3; goto P999; /* 6 */
	case 15: // STATE 10 - ownership.pml:196 - [.(goto)] (0:80:0 - 2)
		IfNotBlocked
		reached[2][10] = 1;
		;
		/* merge: .(goto)(0, 56, 80) */
		reached[2][56] = 1;
		;
		/* merge: .(goto)(0, 81, 80) */
		reached[2][81] = 1;
		;
		_m = 3; goto P999; /* 2 */
	case 16: // STATE 8 - ownership.pml:194 - [assert(((x==1)&&!((mr[b]&(1<<x)))))] (0:80:0 - 1)
		IfNotBlocked
		reached[2][8] = 1;
		spin_assert(((((int)((P2 *)_this)->x)==1)&& !((((int)now.mr[ Index(((int)((P2 *)_this)->b), 2) ])&(1<<((int)((P2 *)_this)->x))))), "((x==1)&& !((mr[b]&(1<<x))))", II, tt, t);
		/* merge: .(goto)(80, 10, 80) */
		reached[2][10] = 1;
		;
		/* merge: .(goto)(0, 56, 80) */
		reached[2][56] = 1;
		;
		/* merge: .(goto)(0, 81, 80) */
		reached[2][81] = 1;
		;
		_m = 3; goto P999; /* 3 */
	case 17: // STATE 12 - ownership.pml:197 - [((kind==1))] (0:0:1 - 1)
		IfNotBlocked
		reached[2][12] = 1;
		if (!((((int)((P2 *)_this)->kind)==1)))
			continue;
		if (TstOnly) return 1; /* TT */
		/* dead 1: kind */  (trpt+1)->bup.oval = ((P2 *)_this)->kind;
#ifdef HAS_CODE
		if (!readtrail)
#endif
			((P2 *)_this)->kind = 0;
		_m = 3; goto P999; /* 0 */
	case 18: // STATE 13 - ownership.pml:197 - [to_master!REGISTER,x] (0:0:0 - 1)
		IfNotBlocked
		reached[2][13] = 1;
		if (q_full(now.to_master))
			continue;
#ifdef HAS_CODE
		if (readtrail && gui) {
			char simtmp[64];
			sprintf(simvals, "%d!", now.to_master);
		sprintf(simtmp, "%d", 2); strcat(simvals, simtmp);		strcat(simvals, ",");
		sprintf(simtmp, "%d", ((int)((P2 *)_this)->x)); strcat(simvals, simtmp);		}
#endif
		
		qsend(now.to_master, 0, 2, ((int)((P2 *)_this)->x), 0, 2);
		_m = 2; goto P999; /* 0 */
	case 19: // STATE 14 - ownership.pml:198 - [(((kind==GRANT_RETURN)||(kind==FORCE_RETURN)))] (0:0:0 - 1)
		IfNotBlocked
		reached[2][14] = 1;
		if (!(((((int)((P2 *)_this)->kind)==7)||(((int)((P2 *)_this)->kind)==6))))
			continue;
		_m = 3; goto P999; /* 0 */
	case 20: // STATE 15 - ownership.pml:200 - [(has[((x*2)+0)])] (0:0:0 - 1)
		IfNotBlocked
		reached[2][15] = 1;
		if (!(((int)now.has[ Index(((((int)((P2 *)_this)->x)*2)+0), 6) ])))
			continue;
		_m = 3; goto P999; /* 0 */
	case 21: // STATE 16 - ownership.pml:173 - [assert(((!(page_in[((x*2)+0)])||on_disk[x])||!(page_live[x])))] (0:20:2 - 1)
		IfNotBlocked
		reached[2][16] = 1;
		spin_assert((( !(((int)now.page_in[ Index(((((int)((P2 *)_this)->x)*2)+0), 6) ]))||((int)now.on_disk[ Index(((int)((P2 *)_this)->x), 3) ]))|| !(((int)now.page_live[ Index(((int)((P2 *)_this)->x), 3) ]))), "(( !(page_in[((x*2)+0)])||on_disk[x])|| !(page_live[x]))", II, tt, t);
		/* merge: page_in[((x*2)+0)] = 0(20, 17, 20) */
		reached[2][17] = 1;
		(trpt+1)->bup.ovals = grab_ints(2);
		(trpt+1)->bup.ovals[0] = ((int)now.page_in[ Index(((((int)((P2 *)_this)->x)*2)+0), 6) ]);
		now.page_in[ Index(((((P2 *)_this)->x*2)+0), 6) ] = 0;
#ifdef VAR_RANGES
		logval("page_in[((Borrower:x*2)+0)]", ((int)now.page_in[ Index(((((int)((P2 *)_this)->x)*2)+0), 6) ]));
#endif
		;
		/* merge: has[((x*2)+0)] = 0(20, 18, 20) */
		reached[2][18] = 1;
		(trpt+1)->bup.ovals[1] = ((int)now.has[ Index(((((int)((P2 *)_this)->x)*2)+0), 6) ]);
		now.has[ Index(((((P2 *)_this)->x*2)+0), 6) ] = 0;
#ifdef VAR_RANGES
		logval("has[((Borrower:x*2)+0)]", ((int)now.has[ Index(((((int)((P2 *)_this)->x)*2)+0), 6) ]));
#endif
		;
		_m = 3; goto P999; /* 2 */
	case 22: // STATE 20 - ownership.pml:177 - [to_donor!RETURN,x,0] (0:0:0 - 1)
		IfNotBlocked
		reached[2][20] = 1;
		if (q_full(now.to_donor))
			continue;
#ifdef HAS_CODE
		if (readtrail && gui) {
			char simtmp[64];
			sprintf(simvals, "%d!", now.to_donor);
		sprintf(simtmp, "%d", 4); strcat(simvals, simtmp);		strcat(simvals, ",");
		sprintf(simtmp, "%d", ((int)((P2 *)_this)->x)); strcat(simvals, simtmp);		strcat(simvals, ",");
		sprintf(simtmp, "%d", 0); strcat(simvals, simtmp);		}
#endif
		
		qsend(now.to_donor, 0, 4, ((int)((P2 *)_this)->x), 0, 3);
		_m = 2; goto P999; /* 0 */
	case 23: // STATE 22 - ownership.pml:201 - [(has[((x*2)+1)])] (0:0:0 - 1)
		IfNotBlocked
		reached[2][22] = 1;
		if (!(((int)now.has[ Index(((((int)((P2 *)_this)->x)*2)+1), 6) ])))
			continue;
		_m = 3; goto P999; /* 0 */
	case 24: // STATE 23 - ownership.pml:173 - [assert(((!(page_in[((x*2)+1)])||on_disk[x])||!(page_live[x])))] (0:27:2 - 1)
		IfNotBlocked
		reached[2][23] = 1;
		spin_assert((( !(((int)now.page_in[ Index(((((int)((P2 *)_this)->x)*2)+1), 6) ]))||((int)now.on_disk[ Index(((int)((P2 *)_this)->x), 3) ]))|| !(((int)now.page_live[ Index(((int)((P2 *)_this)->x), 3) ]))), "(( !(page_in[((x*2)+1)])||on_disk[x])|| !(page_live[x]))", II, tt, t);
		/* merge: page_in[((x*2)+1)] = 0(27, 24, 27) */
		reached[2][24] = 1;
		(trpt+1)->bup.ovals = grab_ints(2);
		(trpt+1)->bup.ovals[0] = ((int)now.page_in[ Index(((((int)((P2 *)_this)->x)*2)+1), 6) ]);
		now.page_in[ Index(((((P2 *)_this)->x*2)+1), 6) ] = 0;
#ifdef VAR_RANGES
		logval("page_in[((Borrower:x*2)+1)]", ((int)now.page_in[ Index(((((int)((P2 *)_this)->x)*2)+1), 6) ]));
#endif
		;
		/* merge: has[((x*2)+1)] = 0(27, 25, 27) */
		reached[2][25] = 1;
		(trpt+1)->bup.ovals[1] = ((int)now.has[ Index(((((int)((P2 *)_this)->x)*2)+1), 6) ]);
		now.has[ Index(((((P2 *)_this)->x*2)+1), 6) ] = 0;
#ifdef VAR_RANGES
		logval("has[((Borrower:x*2)+1)]", ((int)now.has[ Index(((((int)((P2 *)_this)->x)*2)+1), 6) ]));
#endif
		;
		_m = 3; goto P999; /* 2 */
	case 25: // STATE 27 - ownership.pml:177 - [to_donor!RETURN,x,1] (0:0:0 - 1)
		IfNotBlocked
		reached[2][27] = 1;
		if (q_full(now.to_donor))
			continue;
#ifdef HAS_CODE
		if (readtrail && gui) {
			char simtmp[64];
			sprintf(simvals, "%d!", now.to_donor);
		sprintf(simtmp, "%d", 4); strcat(simvals, simtmp);		strcat(simvals, ",");
		sprintf(simtmp, "%d", ((int)((P2 *)_this)->x)); strcat(simvals, simtmp);		strcat(simvals, ",");
		sprintf(simtmp, "%d", 1); strcat(simvals, simtmp);		}
#endif
		
		qsend(now.to_donor, 0, 4, ((int)((P2 *)_this)->x), 1, 3);
		_m = 2; goto P999; /* 0 */
	case 26: // STATE 33 - ownership.pml:205 - [(((kind==FORCE_RETURN)&&has[((x*2)+0)]))] (0:0:0 - 1)
		IfNotBlocked
		reached[2][33] = 1;
		if (!(((((int)((P2 *)_this)->kind)==6)&&((int)now.has[ Index(((((int)((P2 *)_this)->x)*2)+0), 6) ]))))
			continue;
		_m = 3; goto P999; /* 0 */
	case 27: // STATE 34 - ownership.pml:173 - [assert(((!(page_in[((x*2)+0)])||on_disk[x])||!(page_live[x])))] (0:38:2 - 1)
		IfNotBlocked
		reached[2][34] = 1;
		spin_assert((( !(((int)now.page_in[ Index(((((int)((P2 *)_this)->x)*2)+0), 6) ]))||((int)now.on_disk[ Index(((int)((P2 *)_this)->x), 3) ]))|| !(((int)now.page_live[ Index(((int)((P2 *)_this)->x), 3) ]))), "(( !(page_in[((x*2)+0)])||on_disk[x])|| !(page_live[x]))", II, tt, t);
		/* merge: page_in[((x*2)+0)] = 0(38, 35, 38) */
		reached[2][35] = 1;
		(trpt+1)->bup.ovals = grab_ints(2);
		(trpt+1)->bup.ovals[0] = ((int)now.page_in[ Index(((((int)((P2 *)_this)->x)*2)+0), 6) ]);
		now.page_in[ Index(((((P2 *)_this)->x*2)+0), 6) ] = 0;
#ifdef VAR_RANGES
		logval("page_in[((Borrower:x*2)+0)]", ((int)now.page_in[ Index(((((int)((P2 *)_this)->x)*2)+0), 6) ]));
#endif
		;
		/* merge: has[((x*2)+0)] = 0(38, 36, 38) */
		reached[2][36] = 1;
		(trpt+1)->bup.ovals[1] = ((int)now.has[ Index(((((int)((P2 *)_this)->x)*2)+0), 6) ]);
		now.has[ Index(((((P2 *)_this)->x*2)+0), 6) ] = 0;
#ifdef VAR_RANGES
		logval("has[((Borrower:x*2)+0)]", ((int)now.has[ Index(((((int)((P2 *)_this)->x)*2)+0), 6) ]));
#endif
		;
		_m = 3; goto P999; /* 2 */
	case 28: // STATE 38 - ownership.pml:177 - [to_donor!RETURN,x,0] (0:0:0 - 1)
		IfNotBlocked
		reached[2][38] = 1;
		if (q_full(now.to_donor))
			continue;
#ifdef HAS_CODE
		if (readtrail && gui) {
			char simtmp[64];
			sprintf(simvals, "%d!", now.to_donor);
		sprintf(simtmp, "%d", 4); strcat(simvals, simtmp);		strcat(simvals, ",");
		sprintf(simtmp, "%d", ((int)((P2 *)_this)->x)); strcat(simvals, simtmp);		strcat(simvals, ",");
		sprintf(simtmp, "%d", 0); strcat(simvals, simtmp);		}
#endif
		
		qsend(now.to_donor, 0, 4, ((int)((P2 *)_this)->x), 0, 3);
		_m = 2; goto P999; /* 0 */
	case 29: // STATE 44 - ownership.pml:209 - [(((kind==FORCE_RETURN)&&has[((x*2)+1)]))] (0:0:1 - 1)
		IfNotBlocked
		reached[2][44] = 1;
		if (!(((((int)((P2 *)_this)->kind)==6)&&((int)now.has[ Index(((((int)((P2 *)_this)->x)*2)+1), 6) ]))))
			continue;
		if (TstOnly) return 1; /* TT */
		/* dead 1: kind */  (trpt+1)->bup.oval = ((P2 *)_this)->kind;
#ifdef HAS_CODE
		if (!readtrail)
#endif
			((P2 *)_this)->kind = 0;
		_m = 3; goto P999; /* 0 */
	case 30: // STATE 45 - ownership.pml:173 - [assert(((!(page_in[((x*2)+1)])||on_disk[x])||!(page_live[x])))] (0:49:2 - 1)
		IfNotBlocked
		reached[2][45] = 1;
		spin_assert((( !(((int)now.page_in[ Index(((((int)((P2 *)_this)->x)*2)+1), 6) ]))||((int)now.on_disk[ Index(((int)((P2 *)_this)->x), 3) ]))|| !(((int)now.page_live[ Index(((int)((P2 *)_this)->x), 3) ]))), "(( !(page_in[((x*2)+1)])||on_disk[x])|| !(page_live[x]))", II, tt, t);
		/* merge: page_in[((x*2)+1)] = 0(49, 46, 49) */
		reached[2][46] = 1;
		(trpt+1)->bup.ovals = grab_ints(2);
		(trpt+1)->bup.ovals[0] = ((int)now.page_in[ Index(((((int)((P2 *)_this)->x)*2)+1), 6) ]);
		now.page_in[ Index(((((P2 *)_this)->x*2)+1), 6) ] = 0;
#ifdef VAR_RANGES
		logval("page_in[((Borrower:x*2)+1)]", ((int)now.page_in[ Index(((((int)((P2 *)_this)->x)*2)+1), 6) ]));
#endif
		;
		/* merge: has[((x*2)+1)] = 0(49, 47, 49) */
		reached[2][47] = 1;
		(trpt+1)->bup.ovals[1] = ((int)now.has[ Index(((((int)((P2 *)_this)->x)*2)+1), 6) ]);
		now.has[ Index(((((P2 *)_this)->x*2)+1), 6) ] = 0;
#ifdef VAR_RANGES
		logval("has[((Borrower:x*2)+1)]", ((int)now.has[ Index(((((int)((P2 *)_this)->x)*2)+1), 6) ]));
#endif
		;
		_m = 3; goto P999; /* 2 */
	case 31: // STATE 49 - ownership.pml:177 - [to_donor!RETURN,x,1] (0:0:0 - 1)
		IfNotBlocked
		reached[2][49] = 1;
		if (q_full(now.to_donor))
			continue;
#ifdef HAS_CODE
		if (readtrail && gui) {
			char simtmp[64];
			sprintf(simvals, "%d!", now.to_donor);
		sprintf(simtmp, "%d", 4); strcat(simvals, simtmp);		strcat(simvals, ",");
		sprintf(simtmp, "%d", ((int)((P2 *)_this)->x)); strcat(simvals, simtmp);		strcat(simvals, ",");
		sprintf(simtmp, "%d", 1); strcat(simvals, simtmp);		}
#endif
		
		qsend(now.to_donor, 0, 4, ((int)((P2 *)_this)->x), 1, 3);
		_m = 2; goto P999; /* 0 */
	case 32: // STATE 57 - ownership.pml:217 - [((((has[((x*2)+0)]&&(mr[0]&(1<<x)))&&!(page_live[x]))&&(puts<1)))] (80:0:4 - 1)
		IfNotBlocked
		reached[2][57] = 1;
		if (!((((((int)now.has[ Index(((((int)((P2 *)_this)->x)*2)+0), 6) ])&&(((int)now.mr[0])&(1<<((int)((P2 *)_this)->x))))&& !(((int)now.page_live[ Index(((int)((P2 *)_this)->x), 3) ])))&&(((int)((P2 *)_this)->puts)<1))))
			continue;
		/* merge: puts = (puts+1)(80, 58, 80) */
		reached[2][58] = 1;
		(trpt+1)->bup.ovals = grab_ints(4);
		(trpt+1)->bup.ovals[0] = ((int)((P2 *)_this)->puts);
		((P2 *)_this)->puts = (((int)((P2 *)_this)->puts)+1);
#ifdef VAR_RANGES
		logval("Borrower:puts", ((int)((P2 *)_this)->puts));
#endif
		;
		/* merge: on_disk[x] = 1(80, 59, 80) */
		reached[2][59] = 1;
		(trpt+1)->bup.ovals[1] = ((int)now.on_disk[ Index(((int)((P2 *)_this)->x), 3) ]);
		now.on_disk[ Index(((P2 *)_this)->x, 3) ] = 1;
#ifdef VAR_RANGES
		logval("on_disk[Borrower:x]", ((int)now.on_disk[ Index(((int)((P2 *)_this)->x), 3) ]));
#endif
		;
		/* merge: page_live[x] = 1(80, 60, 80) */
		reached[2][60] = 1;
		(trpt+1)->bup.ovals[2] = ((int)now.page_live[ Index(((int)((P2 *)_this)->x), 3) ]);
		now.page_live[ Index(((P2 *)_this)->x, 3) ] = 1;
#ifdef VAR_RANGES
		logval("page_live[Borrower:x]", ((int)now.page_live[ Index(((int)((P2 *)_this)->x), 3) ]));
#endif
		;
		/* merge: page_in[((x*2)+0)] = 1(80, 61, 80) */
		reached[2][61] = 1;
		(trpt+1)->bup.ovals[3] = ((int)now.page_in[ Index(((((int)((P2 *)_this)->x)*2)+0), 6) ]);
		now.page_in[ Index(((((P2 *)_this)->x*2)+0), 6) ] = 1;
#ifdef VAR_RANGES
		logval("page_in[((Borrower:x*2)+0)]", ((int)now.page_in[ Index(((((int)((P2 *)_this)->x)*2)+0), 6) ]));
#endif
		;
		/* merge: .(goto)(0, 81, 80) */
		reached[2][81] = 1;
		;
		_m = 3; goto P999; /* 5 */
	case 33: // STATE 63 - ownership.pml:219 - [((((has[((x*2)+1)]&&(mr[1]&(1<<x)))&&!(page_live[x]))&&(puts<1)))] (80:0:4 - 1)
		IfNotBlocked
		reached[2][63] = 1;
		if (!((((((int)now.has[ Index(((((int)((P2 *)_this)->x)*2)+1), 6) ])&&(((int)now.mr[1])&(1<<((int)((P2 *)_this)->x))))&& !(((int)now.page_live[ Index(((int)((P2 *)_this)->x), 3) ])))&&(((int)((P2 *)_this)->puts)<1))))
			continue;
		/* merge: puts = (puts+1)(80, 64, 80) */
		reached[2][64] = 1;
		(trpt+1)->bup.ovals = grab_ints(4);
		(trpt+1)->bup.ovals[0] = ((int)((P2 *)_this)->puts);
		((P2 *)_this)->puts = (((int)((P2 *)_this)->puts)+1);
#ifdef VAR_RANGES
		logval("Borrower:puts", ((int)((P2 *)_this)->puts));
#endif
		;
		/* merge: on_disk[x] = 1(80, 65, 80) */
		reached[2][65] = 1;
		(trpt+1)->bup.ovals[1] = ((int)now.on_disk[ Index(((int)((P2 *)_this)->x), 3) ]);
		now.on_disk[ Index(((P2 *)_this)->x, 3) ] = 1;
#ifdef VAR_RANGES
		logval("on_disk[Borrower:x]", ((int)now.on_disk[ Index(((int)((P2 *)_this)->x), 3) ]));
#endif
		;
		/* merge: page_live[x] = 1(80, 66, 80) */
		reached[2][66] = 1;
		(trpt+1)->bup.ovals[2] = ((int)now.page_live[ Index(((int)((P2 *)_this)->x), 3) ]);
		now.page_live[ Index(((P2 *)_this)->x, 3) ] = 1;
#ifdef VAR_RANGES
		logval("page_live[Borrower:x]", ((int)now.page_live[ Index(((int)((P2 *)_this)->x), 3) ]));
#endif
		;
		/* merge: page_in[((x*2)+1)] = 1(80, 67, 80) */
		reached[2][67] = 1;
		(trpt+1)->bup.ovals[3] = ((int)now.page_in[ Index(((((int)((P2 *)_this)->x)*2)+1), 6) ]);
		now.page_in[ Index(((((P2 *)_this)->x*2)+1), 6) ] = 1;
#ifdef VAR_RANGES
		logval("page_in[((Borrower:x*2)+1)]", ((int)now.page_in[ Index(((((int)((P2 *)_this)->x)*2)+1), 6) ]));
#endif
		;
		/* merge: .(goto)(0, 81, 80) */
		reached[2][81] = 1;
		;
		_m = 3; goto P999; /* 5 */
	case 34: // STATE 69 - ownership.pml:223 - [((page_live[x]&&((page_in[((x*2)+0)]&&!((mr[0]&(1<<x))))||(page_in[((x*2)+1)]&&!((mr[1]&(1<<x)))))))] (80:0:0 - 1)
		IfNotBlocked
		reached[2][69] = 1;
		if (!((((int)now.page_live[ Index(((int)((P2 *)_this)->x), 3) ])&&((((int)now.page_in[ Index(((((int)((P2 *)_this)->x)*2)+0), 6) ])&& !((((int)now.mr[0])&(1<<((int)((P2 *)_this)->x)))))||(((int)now.page_in[ Index(((((int)((P2 *)_this)->x)*2)+1), 6) ])&& !((((int)now.mr[1])&(1<<((int)((P2 *)_this)->x)))))))))
			continue;
		/* merge: assert(on_disk[x])(0, 70, 80) */
		reached[2][70] = 1;
		spin_assert(((int)now.on_disk[ Index(((int)((P2 *)_this)->x), 3) ]), "on_disk[x]", II, tt, t);
		/* merge: .(goto)(0, 81, 80) */
		reached[2][81] = 1;
		;
		_m = 3; goto P999; /* 2 */
	case 35: // STATE 72 - ownership.pml:226 - [(page_live[x])] (80:0:4 - 1)
		IfNotBlocked
		reached[2][72] = 1;
		if (!(((int)now.page_live[ Index(((int)((P2 *)_this)->x), 3) ])))
			continue;
		/* merge: page_live[x] = 0(80, 73, 80) */
		reached[2][73] = 1;
		(trpt+1)->bup.ovals = grab_ints(4);
		(trpt+1)->bup.ovals[0] = ((int)now.page_live[ Index(((int)((P2 *)_this)->x), 3) ]);
		now.page_live[ Index(((P2 *)_this)->x, 3) ] = 0;
#ifdef VAR_RANGES
		logval("page_live[Borrower:x]", ((int)now.page_live[ Index(((int)((P2 *)_this)->x), 3) ]));
#endif
		;
		/* merge: on_disk[x] = 0(80, 74, 80) */
		reached[2][74] = 1;
		(trpt+1)->bup.ovals[1] = ((int)now.on_disk[ Index(((int)((P2 *)_this)->x), 3) ]);
		now.on_disk[ Index(((P2 *)_this)->x, 3) ] = 0;
#ifdef VAR_RANGES
		logval("on_disk[Borrower:x]", ((int)now.on_disk[ Index(((int)((P2 *)_this)->x), 3) ]));
#endif
		;
		/* merge: page_in[((x*2)+0)] = 0(80, 75, 80) */
		reached[2][75] = 1;
		(trpt+1)->bup.ovals[2] = ((int)now.page_in[ Index(((((int)((P2 *)_this)->x)*2)+0), 6) ]);
		now.page_in[ Index(((((P2 *)_this)->x*2)+0), 6) ] = 0;
#ifdef VAR_RANGES
		logval("page_in[((Borrower:x*2)+0)]", ((int)now.page_in[ Index(((((int)((P2 *)_this)->x)*2)+0), 6) ]));
#endif
		;
		/* merge: page_in[((x*2)+1)] = 0(80, 76, 80) */
		reached[2][76] = 1;
		(trpt+1)->bup.ovals[3] = ((int)now.page_in[ Index(((((int)((P2 *)_this)->x)*2)+1), 6) ]);
		now.page_in[ Index(((((P2 *)_this)->x*2)+1), 6) ] = 0;
#ifdef VAR_RANGES
		logval("page_in[((Borrower:x*2)+1)]", ((int)now.page_in[ Index(((((int)((P2 *)_this)->x)*2)+1), 6) ]));
#endif
		;
		/* merge: .(goto)(0, 81, 80) */
		reached[2][81] = 1;
		;
		_m = 3; goto P999; /* 5 */
	case 36: // STATE 78 - ownership.pml:228 - [((inactive&&empty(to_b[x])))] (0:0:1 - 1)
		IfNotBlocked
		reached[2][78] = 1;
		if (!((((int)now.inactive)&&(q_len(now.to_b[ Index(((int)((P2 *)_this)->x), 3) ])==0))))
			continue;
		if (TstOnly) return 1; /* TT */
		/* dead 1: x */  (trpt+1)->bup.oval = ((P2 *)_this)->x;
#ifdef HAS_CODE
		if (!readtrail)
#endif
			((P2 *)_this)->x = 0;
		_m = 3; goto P999; /* 0 */
	case 37: // STATE 83 - ownership.pml:230 - [-end-] (0:0:0 - 3)
		IfNotBlocked
		reached[2][83] = 1;
		if (!delproc(1, II)) continue;
		_m = 3; goto P999; /* 0 */

		 /* PROC Donor */
	case 38: // STATE 1 - ownership.pml:148 - [to_donor?kind,x,b] (0:0:3 - 1)
		reached[1][1] = 1;
		if (q_len(now.to_donor) == 0) continue;

		XX=1;
		(trpt+1)->bup.ovals = grab_ints(3);
		(trpt+1)->bup.ovals[0] = ((int)((P1 *)_this)->kind);
		(trpt+1)->bup.ovals[1] = ((int)((P1 *)_this)->x);
		(trpt+1)->bup.ovals[2] = ((int)((P1 *)_this)->b);
		;
		((P1 *)_this)->kind = qrecv(now.to_donor, XX-1, 0, 0);
#ifdef VAR_RANGES
		logval("Donor:kind", ((int)((P1 *)_this)->kind));
#endif
		;
		((P1 *)_this)->x = qrecv(now.to_donor, XX-1, 1, 0);
#ifdef VAR_RANGES
		logval("Donor:x", ((int)((P1 *)_this)->x));
#endif
		;
		((P1 *)_this)->b = qrecv(now.to_donor, XX-1, 2, 1);
#ifdef VAR_RANGES
		logval("Donor:b", ((int)((P1 *)_this)->b));
#endif
		;
		
#ifdef HAS_CODE
		if (readtrail && gui) {
			char simtmp[32];
			sprintf(simvals, "%d?", now.to_donor);
		sprintf(simtmp, "%d", ((int)((P1 *)_this)->kind)); strcat(simvals, simtmp);		strcat(simvals, ",");
		sprintf(simtmp, "%d", ((int)((P1 *)_this)->x)); strcat(simvals, simtmp);		strcat(simvals, ",");
		sprintf(simtmp, "%d", ((int)((P1 *)_this)->b)); strcat(simvals, simtmp);		}
#endif
		;
		_m = 4; goto P999; /* 0 */
	case 39: // STATE 2 - ownership.pml:150 - [((kind==GRANT_ANY))] (0:0:1 - 1)
		IfNotBlocked
		reached[1][2] = 1;
		if (!((((int)((P1 *)_this)->kind)==8)))
			continue;
		if (TstOnly) return 1; /* TT */
		/* dead 1: kind */  (trpt+1)->bup.oval = ((P1 *)_this)->kind;
#ifdef HAS_CODE
		if (!readtrail)
#endif
			((P1 *)_this)->kind = 0;
		_m = 3; goto P999; /* 0 */
	case 40: // STATE 3 - ownership.pml:77 - [((!(leaving)&&(owner[0]==0)))] (8:0:3 - 1)
		IfNotBlocked
		reached[1][3] = 1;
		if (!(( !(((int)now.leaving))&&(((int)now.owner[0])==0))))
			continue;
		/* merge: owner[0] = 9(8, 4, 8) */
		reached[1][4] = 1;
		(trpt+1)->bup.ovals = grab_ints(3);
		(trpt+1)->bup.ovals[0] = ((int)now.owner[0]);
		now.owner[0] = 9;
#ifdef VAR_RANGES
		logval("owner[0]", ((int)now.owner[0]));
#endif
		;
		/* merge: target[0] = x(8, 5, 8) */
		reached[1][5] = 1;
		(trpt+1)->bup.ovals[1] = ((int)now.target[0]);
		now.target[0] = ((int)((P1 *)_this)->x);
#ifdef VAR_RANGES
		logval("target[0]", ((int)now.target[0]));
#endif
		;
		/* merge: mr[0] = (mr[0]|(1<<x))(8, 6, 8) */
		reached[1][6] = 1;
		(trpt+1)->bup.ovals[2] = ((int)now.mr[0]);
		now.mr[0] = (((int)now.mr[0])|(1<<((int)((P1 *)_this)->x)));
#ifdef VAR_RANGES
		logval("mr[0]", ((int)now.mr[0]));
#endif
		;
		/* merge: assert((mr[0]!=6))(8, 7, 8) */
		reached[1][7] = 1;
		spin_assert((((int)now.mr[0])!=6), "(mr[0]!=6)", II, tt, t);
		_m = 3; goto P999; /* 4 */
	case 41: // STATE 8 - ownership.pml:78 - [to_b[x]!GRANT,0] (58:0:0 - 1)
		IfNotBlocked
		reached[1][8] = 1;
		if (q_full(now.to_b[ Index(((int)((P1 *)_this)->x), 3) ]))
			continue;
#ifdef HAS_CODE
		if (readtrail && gui) {
			char simtmp[64];
			sprintf(simvals, "%d!", now.to_b[ Index(((int)((P1 *)_this)->x), 3) ]);
		sprintf(simtmp, "%d", 5); strcat(simvals, simtmp);		strcat(simvals, ",");
		sprintf(simtmp, "%d", 0); strcat(simvals, simtmp);		}
#endif
		
		qsend(now.to_b[ Index(((int)((P1 *)_this)->x), 3) ], 0, 5, 0, 0, 2);
		/* merge: .(goto)(0, 18, 58) */
		reached[1][18] = 1;
		;
		/* merge: .(goto)(0, 52, 58) */
		reached[1][52] = 1;
		;
		/* merge: .(goto)(0, 59, 58) */
		reached[1][59] = 1;
		;
		_m = 2; goto P999; /* 3 */
	case 42: // STATE 9 - ownership.pml:79 - [((!(leaving)&&(owner[1]==0)))] (14:0:3 - 1)
		IfNotBlocked
		reached[1][9] = 1;
		if (!(( !(((int)now.leaving))&&(((int)now.owner[1])==0))))
			continue;
		/* merge: owner[1] = 9(14, 10, 14) */
		reached[1][10] = 1;
		(trpt+1)->bup.ovals = grab_ints(3);
		(trpt+1)->bup.ovals[0] = ((int)now.owner[1]);
		now.owner[1] = 9;
#ifdef VAR_RANGES
		logval("owner[1]", ((int)now.owner[1]));
#endif
		;
		/* merge: target[1] = x(14, 11, 14) */
		reached[1][11] = 1;
		(trpt+1)->bup.ovals[1] = ((int)now.target[1]);
		now.target[1] = ((int)((P1 *)_this)->x);
#ifdef VAR_RANGES
		logval("target[1]", ((int)now.target[1]));
#endif
		;
		/* merge: mr[1] = (mr[1]|(1<<x))(14, 12, 14) */
		reached[1][12] = 1;
		(trpt+1)->bup.ovals[2] = ((int)now.mr[1]);
		now.mr[1] = (((int)now.mr[1])|(1<<((int)((P1 *)_this)->x)));
#ifdef VAR_RANGES
		logval("mr[1]", ((int)now.mr[1]));
#endif
		;
		/* merge: assert((mr[1]!=6))(14, 13, 14) */
		reached[1][13] = 1;
		spin_assert((((int)now.mr[1])!=6), "(mr[1]!=6)", II, tt, t);
		_m = 3; goto P999; /* 4 */
	case 43: // STATE 14 - ownership.pml:80 - [to_b[x]!GRANT,1] (58:0:0 - 1)
		IfNotBlocked
		reached[1][14] = 1;
		if (q_full(now.to_b[ Index(((int)((P1 *)_this)->x), 3) ]))
			continue;
#ifdef HAS_CODE
		if (readtrail && gui) {
			char simtmp[64];
			sprintf(simvals, "%d!", now.to_b[ Index(((int)((P1 *)_this)->x), 3) ]);
		sprintf(simtmp, "%d", 5); strcat(simvals, simtmp);		strcat(simvals, ",");
		sprintf(simtmp, "%d", 1); strcat(simvals, simtmp);		}
#endif
		
		qsend(now.to_b[ Index(((int)((P1 *)_this)->x), 3) ], 0, 5, 1, 0, 2);
		/* merge: .(goto)(0, 18, 58) */
		reached[1][18] = 1;
		;
		/* merge: .(goto)(0, 52, 58) */
		reached[1][52] = 1;
		;
		/* merge: .(goto)(0, 59, 58) */
		reached[1][59] = 1;
		;
		_m = 2; goto P999; /* 3 */
	case 44: // STATE 16 - ownership.pml:81 - [(1)] (58:0:0 - 1)
		IfNotBlocked
		reached[1][16] = 1;
		if (!(1))
			continue;
		/* merge: .(goto)(0, 18, 58) */
		reached[1][18] = 1;
		;
		/* merge: .(goto)(0, 52, 58) */
		reached[1][52] = 1;
		;
		/* merge: .(goto)(0, 59, 58) */
		reached[1][59] = 1;
		;
		_m = 3; goto P999; /* 3 */
	case 45: // STATE 21 - ownership.pml:151 - [((kind==RETURN))] (0:0:1 - 1)
		IfNotBlocked
		reached[1][21] = 1;
		if (!((((int)((P1 *)_this)->kind)==4)))
			continue;
		if (TstOnly) return 1; /* TT */
		/* dead 1: kind */  (trpt+1)->bup.oval = ((P1 *)_this)->kind;
#ifdef HAS_CODE
		if (!readtrail)
#endif
			((P1 *)_this)->kind = 0;
		_m = 3; goto P999; /* 0 */
	case 46: // STATE 22 - ownership.pml:158 - [((owner[b]==x))] (58:0:2 - 1)
		IfNotBlocked
		reached[1][22] = 1;
		if (!((((int)now.owner[ Index(((int)((P1 *)_this)->b), 2) ])==((int)((P1 *)_this)->x))))
			continue;
		/* merge: owner[b] = 0(58, 23, 58) */
		reached[1][23] = 1;
		(trpt+1)->bup.ovals = grab_ints(2);
		(trpt+1)->bup.ovals[0] = ((int)now.owner[ Index(((int)((P1 *)_this)->b), 2) ]);
		now.owner[ Index(((P1 *)_this)->b, 2) ] = 0;
#ifdef VAR_RANGES
		logval("owner[Donor:b]", ((int)now.owner[ Index(((int)((P1 *)_this)->b), 2) ]));
#endif
		;
		/* merge: mr[b] = (mr[b]&~((1<<x)))(58, 24, 58) */
		reached[1][24] = 1;
		(trpt+1)->bup.ovals[1] = ((int)now.mr[ Index(((int)((P1 *)_this)->b), 2) ]);
		now.mr[ Index(((P1 *)_this)->b, 2) ] = (((int)now.mr[ Index(((int)((P1 *)_this)->b), 2) ])& ~((1<<((int)((P1 *)_this)->x))));
#ifdef VAR_RANGES
		logval("mr[Donor:b]", ((int)now.mr[ Index(((int)((P1 *)_this)->b), 2) ]));
#endif
		;
		/* merge: .(goto)(58, 28, 58) */
		reached[1][28] = 1;
		;
		/* merge: .(goto)(0, 52, 58) */
		reached[1][52] = 1;
		;
		/* merge: .(goto)(0, 59, 58) */
		reached[1][59] = 1;
		;
		_m = 3; goto P999; /* 5 */
	case 47: // STATE 28 - ownership.pml:161 - [.(goto)] (0:58:0 - 2)
		IfNotBlocked
		reached[1][28] = 1;
		;
		/* merge: .(goto)(0, 52, 58) */
		reached[1][52] = 1;
		;
		/* merge: .(goto)(0, 59, 58) */
		reached[1][59] = 1;
		;
		_m = 3; goto P999; /* 2 */
	case 48: // STATE 26 - ownership.pml:159 - [assert(((st1==2)||suspected))] (0:58:0 - 1)
		IfNotBlocked
		reached[1][26] = 1;
		spin_assert(((((int)now.st1)==2)||((int)now.suspected)), "((st1==2)||suspected)", II, tt, t);
		/* merge: .(goto)(58, 28, 58) */
		reached[1][28] = 1;
		;
		/* merge: .(goto)(0, 52, 58) */
		reached[1][52] = 1;
		;
		/* merge: .(goto)(0, 59, 58) */
		reached[1][59] = 1;
		;
		_m = 3; goto P999; /* 3 */
	case 49: // STATE 30 - ownership.pml:162 - [((kind==FENCE))] (0:0:1 - 1)
		IfNotBlocked
		reached[1][30] = 1;
		if (!((((int)((P1 *)_this)->kind)==1)))
			continue;
		if (TstOnly) return 1; /* TT */
		/* dead 1: kind */  (trpt+1)->bup.oval = ((P1 *)_this)->kind;
#ifdef HAS_CODE
		if (!readtrail)
#endif
			((P1 *)_this)->kind = 0;
		_m = 3; goto P999; /* 0 */
	case 50: // STATE 31 - ownership.pml:135 - [(((owner[0]==x)||((owner[0]==9)&&(target[0]==x))))] (50:0:2 - 1)
		IfNotBlocked
		reached[1][31] = 1;
		if (!(((((int)now.owner[0])==((int)((P1 *)_this)->x))||((((int)now.owner[0])==9)&&(((int)now.target[0])==((int)((P1 *)_this)->x))))))
			continue;
		/* merge: assert(((!(page_in[((x*2)+0)])||on_disk[x])||!(page_live[x])))(50, 32, 50) */
		reached[1][32] = 1;
		spin_assert((( !(((int)now.page_in[ Index(((((int)((P1 *)_this)->x)*2)+0), 6) ]))||((int)now.on_disk[ Index(((int)((P1 *)_this)->x), 3) ]))|| !(((int)now.page_live[ Index(((int)((P1 *)_this)->x), 3) ]))), "(( !(page_in[((x*2)+0)])||on_disk[x])|| !(page_live[x]))", II, tt, t);
		/* merge: owner[0] = 0(50, 33, 50) */
		reached[1][33] = 1;
		(trpt+1)->bup.ovals = grab_ints(2);
		(trpt+1)->bup.ovals[0] = ((int)now.owner[0]);
		now.owner[0] = 0;
#ifdef VAR_RANGES
		logval("owner[0]", ((int)now.owner[0]));
#endif
		;
		/* merge: mr[0] = (mr[0]&~((1<<x)))(50, 34, 50) */
		reached[1][34] = 1;
		(trpt+1)->bup.ovals[1] = ((int)now.mr[0]);
		now.mr[0] = (((int)now.mr[0])& ~((1<<((int)((P1 *)_this)->x))));
#ifdef VAR_RANGES
		logval("mr[0]", ((int)now.mr[0]));
#endif
		;
		/* merge: .(goto)(50, 38, 50) */
		reached[1][38] = 1;
		;
		_m = 3; goto P999; /* 4 */
	case 51: // STATE 38 - ownership.pml:141 - [.(goto)] (0:50:0 - 2)
		IfNotBlocked
		reached[1][38] = 1;
		;
		_m = 3; goto P999; /* 0 */
	case 52: // STATE 36 - ownership.pml:139 - [(1)] (50:0:0 - 1)
		IfNotBlocked
		reached[1][36] = 1;
		if (!(1))
			continue;
		/* merge: .(goto)(50, 38, 50) */
		reached[1][38] = 1;
		;
		_m = 3; goto P999; /* 1 */
	case 53: // STATE 41 - ownership.pml:135 - [(((owner[1]==x)||((owner[1]==9)&&(target[1]==x))))] (58:0:2 - 1)
		IfNotBlocked
		reached[1][41] = 1;
		if (!(((((int)now.owner[1])==((int)((P1 *)_this)->x))||((((int)now.owner[1])==9)&&(((int)now.target[1])==((int)((P1 *)_this)->x))))))
			continue;
		/* merge: assert(((!(page_in[((x*2)+1)])||on_disk[x])||!(page_live[x])))(58, 42, 58) */
		reached[1][42] = 1;
		spin_assert((( !(((int)now.page_in[ Index(((((int)((P1 *)_this)->x)*2)+1), 6) ]))||((int)now.on_disk[ Index(((int)((P1 *)_this)->x), 3) ]))|| !(((int)now.page_live[ Index(((int)((P1 *)_this)->x), 3) ]))), "(( !(page_in[((x*2)+1)])||on_disk[x])|| !(page_live[x]))", II, tt, t);
		/* merge: owner[1] = 0(58, 43, 58) */
		reached[1][43] = 1;
		(trpt+1)->bup.ovals = grab_ints(2);
		(trpt+1)->bup.ovals[0] = ((int)now.owner[1]);
		now.owner[1] = 0;
#ifdef VAR_RANGES
		logval("owner[1]", ((int)now.owner[1]));
#endif
		;
		/* merge: mr[1] = (mr[1]&~((1<<x)))(58, 44, 58) */
		reached[1][44] = 1;
		(trpt+1)->bup.ovals[1] = ((int)now.mr[1]);
		now.mr[1] = (((int)now.mr[1])& ~((1<<((int)((P1 *)_this)->x))));
#ifdef VAR_RANGES
		logval("mr[1]", ((int)now.mr[1]));
#endif
		;
		/* merge: .(goto)(58, 48, 58) */
		reached[1][48] = 1;
		;
		/* merge: .(goto)(0, 52, 58) */
		reached[1][52] = 1;
		;
		/* merge: .(goto)(0, 59, 58) */
		reached[1][59] = 1;
		;
		_m = 3; goto P999; /* 6 */
	case 54: // STATE 48 - ownership.pml:141 - [.(goto)] (0:58:0 - 2)
		IfNotBlocked
		reached[1][48] = 1;
		;
		/* merge: .(goto)(0, 52, 58) */
		reached[1][52] = 1;
		;
		/* merge: .(goto)(0, 59, 58) */
		reached[1][59] = 1;
		;
		_m = 3; goto P999; /* 2 */
	case 55: // STATE 46 - ownership.pml:139 - [(1)] (58:0:0 - 1)
		IfNotBlocked
		reached[1][46] = 1;
		if (!(1))
			continue;
		/* merge: .(goto)(58, 48, 58) */
		reached[1][48] = 1;
		;
		/* merge: .(goto)(0, 52, 58) */
		reached[1][52] = 1;
		;
		/* merge: .(goto)(0, 59, 58) */
		reached[1][59] = 1;
		;
		_m = 3; goto P999; /* 3 */
	case 56: // STATE 53 - ownership.pml:164 - [(!(leaving))] (0:0:0 - 1)
		IfNotBlocked
		reached[1][53] = 1;
		if (!( !(((int)now.leaving))))
			continue;
		_m = 3; goto P999; /* 0 */
	case 57: // STATE 54 - ownership.pml:164 - [leaving = 1] (0:0:1 - 1)
		IfNotBlocked
		reached[1][54] = 1;
		(trpt+1)->bup.oval = ((int)now.leaving);
		now.leaving = 1;
#ifdef VAR_RANGES
		logval("leaving", ((int)now.leaving));
#endif
		;
		_m = 3; goto P999; /* 0 */
	case 58: // STATE 55 - ownership.pml:166 - [((((leaving&&(owner[0]==0))&&(owner[1]==0))&&empty(to_donor)))] (0:0:0 - 1)
		IfNotBlocked
		reached[1][55] = 1;
		if (!((((((int)now.leaving)&&(((int)now.owner[0])==0))&&(((int)now.owner[1])==0))&&(q_len(now.to_donor)==0))))
			continue;
		_m = 3; goto P999; /* 0 */
	case 59: // STATE 56 - ownership.pml:166 - [inactive = 1] (0:0:1 - 1)
		IfNotBlocked
		reached[1][56] = 1;
		(trpt+1)->bup.oval = ((int)now.inactive);
		now.inactive = 1;
#ifdef VAR_RANGES
		logval("inactive", ((int)now.inactive));
#endif
		;
		_m = 3; goto P999; /* 0 */
	case 60: // STATE 61 - ownership.pml:168 - [-end-] (0:0:0 - 3)
		IfNotBlocked
		reached[1][61] = 1;
		if (!delproc(1, II)) continue;
		_m = 3; goto P999; /* 0 */

		 /* PROC Master */
	case 61: // STATE 1 - ownership.pml:92 - [((orders<1))] (3:0:1 - 1)
		IfNotBlocked
		reached[0][1] = 1;
		if (!((((int)((P0 *)_this)->orders)<1)))
			continue;
		/* merge: orders = (orders+1)(0, 2, 3) */
		reached[0][2] = 1;
		(trpt+1)->bup.oval = ((int)((P0 *)_this)->orders);
		((P0 *)_this)->orders = (((int)((P0 *)_this)->orders)+1);
#ifdef VAR_RANGES
		logval("Master:orders", ((int)((P0 *)_this)->orders));
#endif
		;
		_m = 3; goto P999; /* 1 */
	case 62: // STATE 3 - ownership.pml:92 - [to_donor!GRANT_ANY,1,0] (0:0:0 - 1)
		IfNotBlocked
		reached[0][3] = 1;
		if (q_full(now.to_donor))
			continue;
#ifdef HAS_CODE
		if (readtrail && gui) {
			char simtmp[64];
			sprintf(simvals, "%d!", now.to_donor);
		sprintf(simtmp, "%d", 8); strcat(simvals, simtmp);		strcat(simvals, ",");
		sprintf(simtmp, "%d", 1); strcat(simvals, simtmp);		strcat(simvals, ",");
		sprintf(simtmp, "%d", 0); strcat(simvals, simtmp);		}
#endif
		
		qsend(now.to_donor, 0, 8, 1, 0, 3);
		_m = 2; goto P999; /* 0 */
	case 63: // STATE 4 - ownership.pml:93 - [((orders<1))] (6:0:1 - 1)
		IfNotBlocked
		reached[0][4] = 1;
		if (!((((int)((P0 *)_this)->orders)<1)))
			continue;
		/* merge: orders = (orders+1)(0, 5, 6) */
		reached[0][5] = 1;
		(trpt+1)->bup.oval = ((int)((P0 *)_this)->orders);
		((P0 *)_this)->orders = (((int)((P0 *)_this)->orders)+1);
#ifdef VAR_RANGES
		logval("Master:orders", ((int)((P0 *)_this)->orders));
#endif
		;
		_m = 3; goto P999; /* 1 */
	case 64: // STATE 6 - ownership.pml:93 - [to_donor!GRANT_ANY,2,0] (0:0:0 - 1)
		IfNotBlocked
		reached[0][6] = 1;
		if (q_full(now.to_donor))
			continue;
#ifdef HAS_CODE
		if (readtrail && gui) {
			char simtmp[64];
			sprintf(simvals, "%d!", now.to_donor);
		sprintf(simtmp, "%d", 8); strcat(simvals, simtmp);		strcat(simvals, ",");
		sprintf(simtmp, "%d", 2); strcat(simvals, simtmp);		strcat(simvals, ",");
		sprintf(simtmp, "%d", 0); strcat(simvals, simtmp);		}
#endif
		
		qsend(now.to_donor, 0, 8, 2, 0, 3);
		_m = 2; goto P999; /* 0 */
	case 65: // STATE 7 - ownership.pml:94 - [((orders<1))] (9:0:1 - 1)
		IfNotBlocked
		reached[0][7] = 1;
		if (!((((int)((P0 *)_this)->orders)<1)))
			continue;
		/* merge: orders = (orders+1)(0, 8, 9) */
		reached[0][8] = 1;
		(trpt+1)->bup.oval = ((int)((P0 *)_this)->orders);
		((P0 *)_this)->orders = (((int)((P0 *)_this)->orders)+1);
#ifdef VAR_RANGES
		logval("Master:orders", ((int)((P0 *)_this)->orders));
#endif
		;
		_m = 3; goto P999; /* 1 */
	case 66: // STATE 9 - ownership.pml:94 - [to_b[1]!GRANT_RETURN,0] (0:0:0 - 1)
		IfNotBlocked
		reached[0][9] = 1;
		if (q_full(now.to_b[1]))
			continue;
#ifdef HAS_CODE
		if (readtrail && gui) {
			char simtmp[64];
			sprintf(simvals, "%d!", now.to_b[1]);
		sprintf(simtmp, "%d", 7); strcat(simvals, simtmp);		strcat(simvals, ",");
		sprintf(simtmp, "%d", 0); strcat(simvals, simtmp);		}
#endif
		
		qsend(now.to_b[1], 0, 7, 0, 0, 2);
		_m = 2; goto P999; /* 0 */
	case 67: // STATE 10 - ownership.pml:95 - [((orders<1))] (12:0:1 - 1)
		IfNotBlocked
		reached[0][10] = 1;
		if (!((((int)((P0 *)_this)->orders)<1)))
			continue;
		/* merge: orders = (orders+1)(0, 11, 12) */
		reached[0][11] = 1;
		(trpt+1)->bup.oval = ((int)((P0 *)_this)->orders);
		((P0 *)_this)->orders = (((int)((P0 *)_this)->orders)+1);
#ifdef VAR_RANGES
		logval("Master:orders", ((int)((P0 *)_this)->orders));
#endif
		;
		_m = 3; goto P999; /* 1 */
	case 68: // STATE 12 - ownership.pml:95 - [to_b[2]!GRANT_RETURN,0] (0:0:0 - 1)
		IfNotBlocked
		reached[0][12] = 1;
		if (q_full(now.to_b[2]))
			continue;
#ifdef HAS_CODE
		if (readtrail && gui) {
			char simtmp[64];
			sprintf(simvals, "%d!", now.to_b[2]);
		sprintf(simtmp, "%d", 7); strcat(simvals, simtmp);		strcat(simvals, ",");
		sprintf(simtmp, "%d", 0); strcat(simvals, simtmp);		}
#endif
		
		qsend(now.to_b[2], 0, 7, 0, 0, 2);
		_m = 2; goto P999; /* 0 */
	case 69: // STATE 13 - ownership.pml:97 - [((((id==2)&&!(suspected))&&!(leaving)))] (0:0:0 - 1)
		IfNotBlocked
		reached[0][13] = 1;
		if (!((((((int)((P0 *)_this)->id)==2)&& !(((int)now.suspected)))&& !(((int)now.leaving)))))
			continue;
		_m = 3; goto P999; /* 0 */
	case 70: // STATE 14 - ownership.pml:98 - [suspected = 1] (0:0:1 - 1)
		IfNotBlocked
		reached[0][14] = 1;
		(trpt+1)->bup.oval = ((int)now.suspected);
		now.suspected = 1;
#ifdef VAR_RANGES
		logval("suspected", ((int)now.suspected));
#endif
		;
		_m = 3; goto P999; /* 0 */
	case 71: // STATE 15 - ownership.pml:98 - [st1 = 1] (0:0:1 - 1)
		IfNotBlocked
		reached[0][15] = 1;
		(trpt+1)->bup.oval = ((int)now.st1);
		now.st1 = 1;
#ifdef VAR_RANGES
		logval("st1", ((int)now.st1));
#endif
		;
		_m = 3; goto P999; /* 0 */
	case 72: // STATE 16 - ownership.pml:98 - [to_b[1]!1,0] (0:0:0 - 1)
		IfNotBlocked
		reached[0][16] = 1;
		if (q_full(now.to_b[1]))
			continue;
#ifdef HAS_CODE
		if (readtrail && gui) {
			char simtmp[64];
			sprintf(simvals, "%d!", now.to_b[1]);
		sprintf(simtmp, "%d", 1); strcat(simvals, simtmp);		strcat(simvals, ",");
		sprintf(simtmp, "%d", 0); strcat(simvals, simtmp);		}
#endif
		
		qsend(now.to_b[1], 0, 1, 0, 0, 2);
		_m = 2; goto P999; /* 0 */
	case 73: // STATE 17 - ownership.pml:100 - [(((id==2)&&(st1==1)))] (0:0:0 - 1)
		IfNotBlocked
		reached[0][17] = 1;
		if (!(((((int)((P0 *)_this)->id)==2)&&(((int)now.st1)==1))))
			continue;
		_m = 3; goto P999; /* 0 */
	case 74: // STATE 18 - ownership.pml:100 - [st1 = 2] (0:0:1 - 1)
		IfNotBlocked
		reached[0][18] = 1;
		(trpt+1)->bup.oval = ((int)now.st1);
		now.st1 = 2;
#ifdef VAR_RANGES
		logval("st1", ((int)now.st1));
#endif
		;
		_m = 3; goto P999; /* 0 */
	case 75: // STATE 19 - ownership.pml:100 - [to_donor!FENCE,1,0] (0:0:0 - 1)
		IfNotBlocked
		reached[0][19] = 1;
		if (q_full(now.to_donor))
			continue;
#ifdef HAS_CODE
		if (readtrail && gui) {
			char simtmp[64];
			sprintf(simvals, "%d!", now.to_donor);
		sprintf(simtmp, "%d", 1); strcat(simvals, simtmp);		strcat(simvals, ",");
		sprintf(simtmp, "%d", 1); strcat(simvals, simtmp);		strcat(simvals, ",");
		sprintf(simtmp, "%d", 0); strcat(simvals, simtmp);		}
#endif
		
		qsend(now.to_donor, 0, 1, 1, 0, 3);
		_m = 2; goto P999; /* 0 */
	case 76: // STATE 20 - ownership.pml:102 - [(((id==2)&&to_master?[REGISTER,1]))] (0:0:0 - 1)
		IfNotBlocked
		reached[0][20] = 1;
		if (!(((((int)((P0 *)_this)->id)==2)&&(q_len(now.to_master) > 0 \
		&& qrecv(now.to_master, 0, 0, 0) == 2 \
		&& qrecv(now.to_master, 0, 1, 0) == 1))))
			continue;
		_m = 3; goto P999; /* 0 */
	case 77: // STATE 21 - ownership.pml:102 - [to_master?REGISTER,1] (0:0:0 - 1)
		reached[0][21] = 1;
		if (q_len(now.to_master) == 0) continue;

		XX=1;
		if (2 != qrecv(now.to_master, 0, 0, 0)) continue;
		if (1 != qrecv(now.to_master, 0, 1, 0)) continue;
		
#ifndef BFS_PAR
		if (q_flds[((Q0 *)qptr(now.to_master-1))->_t] != 2)
			Uerror("wrong nr of msg fields in rcv");
#endif
		;
		qrecv(now.to_master, XX-1, 1, 1);
		
#ifdef HAS_CODE
		if (readtrail && gui) {
			char simtmp[32];
			sprintf(simvals, "%d?", now.to_master);
		sprintf(simtmp, "%d", 2); strcat(simvals, simtmp);		strcat(simvals, ",");
		sprintf(simtmp, "%d", 1); strcat(simvals, simtmp);		}
#endif
		;
		_m = 4; goto P999; /* 0 */
	case 78: // STATE 22 - ownership.pml:102 - [st1 = 0] (0:0:1 - 1)
		IfNotBlocked
		reached[0][22] = 1;
		(trpt+1)->bup.oval = ((int)now.st1);
		now.st1 = 0;
#ifdef VAR_RANGES
		logval("st1", ((int)now.st1));
#endif
		;
		_m = 3; goto P999; /* 0 */
	case 79: // STATE 23 - ownership.pml:103 - [(leaving)] (0:0:0 - 1)
		IfNotBlocked
		reached[0][23] = 1;
		if (!(((int)now.leaving)))
			continue;
		_m = 3; goto P999; /* 0 */
	case 80: // STATE 25 - ownership.pml:104 - [((orders==1))] (0:0:1 - 1)
		IfNotBlocked
		reached[0][25] = 1;
		if (!((((int)((P0 *)_this)->orders)==1)))
			continue;
		if (TstOnly) return 1; /* TT */
		/* dead 1: orders */  (trpt+1)->bup.oval = ((P0 *)_this)->orders;
#ifdef HAS_CODE
		if (!readtrail)
#endif
			((P0 *)_this)->orders = 0;
		_m = 3; goto P999; /* 0 */
	case 81: // STATE 30 - ownership.pml:107 - [((id!=2))] (0:0:1 - 1)
		IfNotBlocked
		reached[0][30] = 1;
		if (!((((int)((P0 *)_this)->id)!=2)))
			continue;
		if (TstOnly) return 1; /* TT */
		/* dead 1: id */  (trpt+1)->bup.oval = ((P0 *)_this)->id;
#ifdef HAS_CODE
		if (!readtrail)
#endif
			((P0 *)_this)->id = 0;
		_m = 3; goto P999; /* 0 */
	case 82: // STATE 36 - ownership.pml:116 - [(leaving)] (0:0:0 - 2)
		IfNotBlocked
		reached[0][36] = 1;
		if (!(((int)now.leaving)))
			continue;
		_m = 3; goto P999; /* 0 */
	case 83: // STATE 37 - ownership.pml:118 - [(inactive)] (0:0:0 - 1)
		IfNotBlocked
		reached[0][37] = 1;
		if (!(((int)now.inactive)))
			continue;
		_m = 3; goto P999; /* 0 */
	case 84: // STATE 39 - ownership.pml:119 - [(((!(inactive)&&empty(to_b[1]))&&empty(to_b[2])))] (0:0:0 - 1)
		IfNotBlocked
		reached[0][39] = 1;
		if (!((( !(((int)now.inactive))&&(q_len(now.to_b[1])==0))&&(q_len(now.to_b[2])==0))))
			continue;
		_m = 3; goto P999; /* 0 */
	case 85: // STATE 40 - ownership.pml:120 - [to_b[1]!FORCE_RETURN,0] (0:0:0 - 1)
		IfNotBlocked
		reached[0][40] = 1;
		if (q_full(now.to_b[1]))
			continue;
#ifdef HAS_CODE
		if (readtrail && gui) {
			char simtmp[64];
			sprintf(simvals, "%d!", now.to_b[1]);
		sprintf(simtmp, "%d", 6); strcat(simvals, simtmp);		strcat(simvals, ",");
		sprintf(simtmp, "%d", 0); strcat(simvals, simtmp);		}
#endif
		
		qsend(now.to_b[1], 0, 6, 0, 0, 2);
		_m = 2; goto P999; /* 0 */
	case 86: // STATE 41 - ownership.pml:121 - [to_b[2]!FORCE_RETURN,0] (0:0:0 - 1)
		IfNotBlocked
		reached[0][41] = 1;
		if (q_full(now.to_b[2]))
			continue;
#ifdef HAS_CODE
		if (readtrail && gui) {
			char simtmp[64];
			sprintf(simvals, "%d!", now.to_b[2]);
		sprintf(simtmp, "%d", 6); strcat(simvals, simtmp);		strcat(simvals, ",");
		sprintf(simtmp, "%d", 0); strcat(simvals, simtmp);		}
#endif
		
		qsend(now.to_b[2], 0, 6, 0, 0, 2);
		_m = 2; goto P999; /* 0 */
	case 87: // STATE 46 - ownership.pml:125 - [-end-] (0:0:0 - 1)
		IfNotBlocked
		reached[0][46] = 1;
		if (!delproc(1, II)) continue;
		_m = 3; goto P999; /* 0 */
	case  _T5:	/* np_ */
		if (!((!(trpt->o_pm&4) && !(trpt->tau&128))))
			continue;
		/* else fall through */
	case  _T2:	/* true */
		_m = 3; goto P999;
#undef rand
	}

