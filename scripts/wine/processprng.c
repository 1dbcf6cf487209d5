/*
 * bcryptprimitives.dll for Wine 8 test prefixes only. Go >= 1.22 gets its random numbers from
 * bcryptprimitives.dll!ProcessPrng (Windows 10 and later); Wine 8 has no such DLL, so every Go program
 * dies at start with "bcryptprimitives.dll not found". This DLL exports ProcessPrng on top of
 * BCryptGenRandom, which Wine has. scripts/test-windows.sh builds it with mingw-w64 and copies it into
 * the throw-away prefix's system32; it is never shipped: real Windows has the DLL.
 */
#include <windows.h>
#include <bcrypt.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (!BCRYPT_SUCCESS(BCryptGenRandom(NULL, data, n, BCRYPT_USE_SYSTEM_PREFERRED_RNG)))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
